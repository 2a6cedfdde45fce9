//! Whisper vocabulary: from CTranslate2's token strings back to the raw bytes whisper.cpp wants.
//!
//! CTranslate2 (like Hugging Face) stores GPT-2 BPE tokens through GPT-2's byte-to-unicode table,
//! which maps every byte to a printable character (space → 'Ġ', newline → 'Ċ', ...). whisper.cpp
//! stores raw token bytes, so we invert that table.

/// The first special token; everything before it is a plain BPE token.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// GPT-2's `bytes_to_unicode`: byte value → the char that stands for it in token strings.
pub fn byte_to_unicode() -> [char; 256] {
    let printable = |b: u32| {
        (u32::from(b'!')..=u32::from(b'~')).contains(&b)
            || (0xA1..=0xAC).contains(&b)
            || (0xAE..=0xFF).contains(&b)
    };
    let mut table = ['\0'; 256];
    let mut next = 256u32;
    for b in 0..256u32 {
        let c = if printable(b) {
            b
        } else {
            let c = next;
            next += 1;
            c
        };
        // All values are < 0x144, valid scalar values.
        table[b as usize] = char::from_u32(c).unwrap_or('\u{FFFD}');
    }
    table
}

/// Inverse lookup of [`byte_to_unicode`], indexed by char code (all codes are < 324).
pub struct ByteDecoder {
    table: Vec<Option<u8>>,
}

impl Default for ByteDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ByteDecoder {
    pub fn new() -> Self {
        let forward = byte_to_unicode();
        let max = forward.iter().map(|&c| c as usize).max().unwrap_or(0);
        let mut table = vec![None; max + 1];
        for (b, &c) in forward.iter().enumerate() {
            table[c as usize] = Some(b as u8);
        }
        Self { table }
    }

    /// Raw bytes of a token string, or `None` if it contains a char outside GPT-2's byte alphabet.
    pub fn decode(&self, token: &str) -> Option<Vec<u8>> {
        token
            .chars()
            .map(|c| self.table.get(c as usize).copied().flatten())
            .collect()
    }
}

/// Tokens to write into the ggml file: the base BPE tokens as raw bytes.
pub struct GgmlVocab {
    pub tokens: Vec<Vec<u8>>,
    /// Tokens outside the byte alphabet, written as their UTF-8 bytes instead (0 for real models).
    pub undecodable: usize,
}

/// Picks the base tokens (everything before `<|endoftext|>`) and undoes the byte mapping.
///
/// whisper.cpp adds the special tokens itself from `n_vocab`, so they are not written.
pub fn ggml_vocab(all_tokens: &[String]) -> Result<GgmlVocab, String> {
    let n_base = all_tokens
        .iter()
        .position(|t| t == END_OF_TEXT)
        .ok_or_else(|| {
            format!("vocabulary has no {END_OF_TEXT} token; not a whisper vocabulary")
        })?;
    let decoder = ByteDecoder::new();
    let mut undecodable = 0;
    let tokens = all_tokens[..n_base]
        .iter()
        .map(|t| {
            decoder.decode(t).unwrap_or_else(|| {
                undecodable += 1;
                t.as_bytes().to_vec()
            })
        })
        .collect();
    Ok(GgmlVocab {
        tokens,
        undecodable,
    })
}

/// Parses `vocabulary.txt` (one token per line, as CTranslate2 writes it).
pub fn parse_vocabulary_txt(text: &str) -> Vec<String> {
    // Tokens never contain a literal newline (GPT-2 maps '\n' to 'Ċ'), so lines are tokens.
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect()
}

/// Parses `vocabulary.json` (a JSON array of token strings, newer CTranslate2 converters).
pub fn parse_vocabulary_json(text: &str) -> Result<Vec<String>, String> {
    serde_json::from_str::<Vec<String>>(text).map_err(|e| format!("not a JSON list of tokens: {e}"))
}

/// Parses a Hugging Face `tokenizer.json` (`model.vocab` map plus `added_tokens`) into id order.
pub fn parse_tokenizer_json(text: &str) -> Result<Vec<String>, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let mut pairs: Vec<(u64, String)> = Vec::new();
    let vocab = v
        .pointer("/model/vocab")
        .and_then(|m| m.as_object())
        .ok_or("no model.vocab object")?;
    for (tok, id) in vocab {
        let id = id.as_u64().ok_or("model.vocab has a non-integer id")?;
        pairs.push((id, tok.clone()));
    }
    if let Some(added) = v.get("added_tokens").and_then(|a| a.as_array()) {
        for t in added {
            if let (Some(id), Some(content)) = (
                t.get("id").and_then(|i| i.as_u64()),
                t.get("content").and_then(|c| c.as_str()),
            ) {
                pairs.push((id, content.to_string()));
            }
        }
    }
    pairs.sort_by_key(|p| p.0);
    pairs.dedup_by_key(|p| p.0);
    if pairs.iter().enumerate().any(|(i, p)| p.0 != i as u64) {
        return Err("token ids are not contiguous from 0".into());
    }
    Ok(pairs.into_iter().map(|p| p.1).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_table_is_a_bijection_with_known_points() {
        let t = byte_to_unicode();
        assert_eq!(t[b' ' as usize], 'Ġ');
        assert_eq!(t[b'\n' as usize], 'Ċ');
        assert_eq!(t[b'a' as usize], 'a');
        assert_eq!(t[0], 'Ā');
        assert_eq!(t[0xAD], 'Ń'); // soft hyphen is not "printable" in GPT-2's table
        let mut seen: Vec<char> = t.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 256);
    }

    #[test]
    fn decoder_inverts_every_byte() {
        let t = byte_to_unicode();
        let d = ByteDecoder::new();
        for b in 0..=255u8 {
            assert_eq!(d.decode(&t[b as usize].to_string()), Some(vec![b]));
        }
        assert_eq!(d.decode("Ġhello"), Some(b" hello".to_vec()));
        // "é" as UTF-8 is C3 A9, which GPT-2 spells "Ã©".
        assert_eq!(d.decode("Ã©"), Some("é".as_bytes().to_vec()));
        assert_eq!(d.decode("€"), None);
    }

    #[test]
    fn base_vocab_stops_at_endoftext() {
        let toks: Vec<String> = ["!", "Ġthe", "Ċ", END_OF_TEXT, "<|startoftranscript|>"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let v = ggml_vocab(&toks).unwrap();
        assert_eq!(
            v.tokens,
            vec![b"!".to_vec(), b" the".to_vec(), b"\n".to_vec()]
        );
        assert_eq!(v.undecodable, 0);
        assert!(ggml_vocab(&toks[..3]).is_err());
    }

    #[test]
    fn vocabulary_txt_lines() {
        assert_eq!(parse_vocabulary_txt("a\nb\n"), vec!["a", "b"]);
        assert_eq!(parse_vocabulary_txt("a\r\nb"), vec!["a", "b"]);
    }

    #[test]
    fn tokenizer_json_orders_by_id() {
        let j = r#"{"model":{"vocab":{"b":1,"a":0}},"added_tokens":[{"id":2,"content":"<|endoftext|>"}]}"#;
        assert_eq!(
            parse_tokenizer_json(j).unwrap(),
            vec!["a", "b", END_OF_TEXT]
        );
        assert!(parse_tokenizer_json(r#"{"model":{"vocab":{"a":1}}}"#).is_err());
    }
}
