//! Renders an Analysis for people: terminal text, Markdown and HTML.
