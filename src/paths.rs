//! Where mockloop keeps its files: models directory, data directory, sessions.
