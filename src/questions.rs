//! The question bank: loads prompts/*.toml (embedded) or a --prompts DIR.
