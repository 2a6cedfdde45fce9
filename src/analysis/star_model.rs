//! The STAR segmenter's weights: one weight per (feature, state), plus start and transition
//! scores, and the Viterbi decoder that turns per-sentence scores into a part sequence.
//!
//! The shipped weights (`star_weights.tsv`, embedded in the binary) are the hand-set prior of
//! [`super::star::prior_weights`] refined by `mockloop eval-star --train` on the dev answers; see
//! `docs/analysis.md`.

use super::star::{Feature, N_STATES};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// A transition that may never be taken.
pub const NEG: f64 = -1e9;

/// States, in the order the weights are written.
pub const STATE_NAMES: [&str; N_STATES] = ["hook", "situation", "task", "action", "result"];

#[derive(Debug, Clone, PartialEq)]
pub struct StarModel {
    pub obs: HashMap<String, [f64; N_STATES]>,
    pub trans: [[f64; N_STATES]; N_STATES],
    pub start: [f64; N_STATES],
    /// Added once when the answer has a part at all (indexed by state; the hook counts as
    /// the result). This is how the model weighs "no task" against "a one-clause task".
    pub presence: [f64; N_STATES],
}

const HEADER: &str = "# mockloop STAR weights v1";

impl StarModel {
    /// The hand-set weights alone (what training starts from).
    pub fn prior() -> Self {
        Self {
            obs: super::star::prior_weights().into_iter().collect(),
            trans: super::star::TRANS_PRIOR,
            start: super::star::START_PRIOR,
            presence: [0.0; N_STATES],
        }
    }

    /// The weights shipped in the binary.
    pub fn shipped() -> &'static StarModel {
        static MODEL: OnceLock<StarModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // A unit test parses the embedded file, so the fallback is for a broken build only.
            Self::parse(include_str!("star_weights.tsv")).unwrap_or_else(|_| Self::prior())
        })
    }

    /// Scores one sentence's features for every state.
    pub fn emissions(&self, feats: &[Feature]) -> [f64; N_STATES] {
        let mut sc = [0.0; N_STATES];
        for (name, v) in feats {
            if let Some(w) = self.obs.get(name) {
                for s in 0..N_STATES {
                    sc[s] += w[s] * v;
                }
            }
        }
        sc
    }

    /// The most likely state sequence for these per-sentence scores, counting the presence
    /// weights of the parts it visits.
    ///
    /// Exact Viterbi over (state, parts seen so far): 5 states × 16 part sets.
    pub fn decode(&self, em: &[[f64; N_STATES]]) -> Vec<usize> {
        self.decode_with_presence(em, &self.presence)
    }

    /// `decode` with other presence weights (training shifts them to decode with a margin).
    pub fn decode_with_presence(
        &self,
        em: &[[f64; N_STATES]],
        presence: &[f64; N_STATES],
    ) -> Vec<usize> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        const SETS: usize = 16;
        let idx = |s: usize, m: usize| s * SETS + m;
        let mut score = vec![[NEG; N_STATES * SETS]; n];
        let mut back = vec![[0usize; N_STATES * SETS]; n];
        for s in 0..N_STATES {
            score[0][idx(s, part_bit(s))] = self.start[s] + em[0][s];
        }
        for i in 1..n {
            for p in 0..N_STATES {
                for m in 0..SETS {
                    let prev = score[i - 1][idx(p, m)];
                    if prev <= NEG {
                        continue;
                    }
                    for (s, e) in em[i].iter().enumerate() {
                        let v = prev + self.trans[p][s] + e;
                        let to = idx(s, m | part_bit(s));
                        if v > score[i][to] {
                            score[i][to] = v;
                            back[i][to] = idx(p, m);
                        }
                    }
                }
            }
        }
        let bonus = |m: usize| -> f64 {
            (0..N_STATES)
                .filter(|&s| s > 0 && m & part_bit(s) != 0)
                .map(|s| presence[s])
                .sum()
        };
        let mut best = (f64::NEG_INFINITY, 0usize);
        for (k, &v) in score[n - 1].iter().enumerate() {
            let total = v + bonus(k % SETS);
            if v > NEG && total > best.0 {
                best = (total, k);
            }
        }
        let mut k = best.1;
        let mut states = vec![0; n];
        for i in (0..n).rev() {
            states[i] = k / SETS;
            k = back[i][k];
        }
        states
    }

    /// Writes the weights as tab-separated text, features sorted, rows that print as all zeros
    /// left out (so writing, reading and writing again gives the same text).
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n# name\t{}\n", STATE_NAMES.join("\t"));
        let row = |out: &mut String, name: &str, w: &[f64; N_STATES]| {
            let _ = write!(out, "{name}");
            for x in w {
                let _ = write!(out, "\t{}", fmt_weight(*x));
            }
            out.push('\n');
        };
        row(&mut out, "=start", &self.start);
        row(&mut out, "=presence", &self.presence);
        for (s, w) in self.trans.iter().enumerate() {
            row(&mut out, &format!("=from:{}", STATE_NAMES[s]), w);
        }
        let mut names: Vec<&String> = self.obs.keys().collect();
        names.sort();
        for name in names {
            let w = &self.obs[name];
            if w.iter().any(|x| fmt_weight(*x) != "0") {
                row(&mut out, name, w);
            }
        }
        out
    }

    /// Reads weights written by [`StarModel::to_text`].
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!(
                "not a STAR weights file: the first line must be `{HEADER}`"
            ));
        }
        let mut m = StarModel {
            obs: HashMap::new(),
            trans: [[NEG; N_STATES]; N_STATES],
            start: [NEG; N_STATES],
            presence: [0.0; N_STATES],
        };
        for (i, line) in lines.enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or_default();
            let mut w = [0.0; N_STATES];
            for x in w.iter_mut() {
                *x = cols
                    .next()
                    .and_then(|c| c.parse().ok())
                    .ok_or_else(|| format!("line {}: `{name}` needs {N_STATES} numbers", i + 2))?;
            }
            if name == "=start" {
                m.start = w;
            } else if name == "=presence" {
                m.presence = w;
            } else if let Some(from) = name.strip_prefix("=from:") {
                let s = STATE_NAMES
                    .iter()
                    .position(|n| *n == from)
                    .ok_or_else(|| format!("line {}: unknown state `{from}`", i + 2))?;
                m.trans[s] = w;
            } else {
                m.obs.insert(name.to_string(), w);
            }
        }
        Ok(m)
    }
}

/// The part-set bit of a state: situation, task, action, result (the hook is a result).
pub fn part_bit(s: usize) -> usize {
    match s {
        0 => 8,
        s => 1 << (s - 1),
    }
}

fn fmt_weight(x: f64) -> String {
    if x <= NEG {
        "-1e9".to_string()
    } else {
        // Four decimals keep the file small and diffs readable; decoding is not that sensitive.
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_parse() {
        let m = StarModel::parse(include_str!("star_weights.tsv")).expect("embedded weights parse");
        assert!(m.obs.len() > 100, "only {} features", m.obs.len());
        // Parts never go back to the hook.
        for from in 1..N_STATES {
            assert!(m.trans[from][0] <= NEG);
        }
    }

    #[test]
    fn text_round_trip() {
        let m = StarModel::prior();
        let back = StarModel::parse(&m.to_text()).unwrap();
        assert_eq!(back.trans, m.trans);
        assert_eq!(back.start, m.start);
        for (k, w) in &m.obs {
            if w.iter().any(|x| *x != 0.0) {
                assert_eq!(back.obs.get(k), Some(w), "{k}");
            }
        }
    }

    #[test]
    fn a_row_too_small_to_print_does_not_break_the_round_trip() {
        let mut m = StarModel::prior();
        m.obs
            .insert("u:tiny".into(), [0.00001, -0.00002, 0.0, 0.0, 0.0]);
        let text = m.to_text();
        assert!(!text.contains("u:tiny"));
        assert_eq!(StarModel::parse(&text).unwrap().to_text(), text);
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(StarModel::parse("hello").is_err());
        assert!(StarModel::parse(&format!("{HEADER}\nfoo\t1\t2\n")).is_err());
        assert!(StarModel::parse(&format!("{HEADER}\n=from:nowhere\t1\t1\t1\t1\t1\n")).is_err());
    }

    #[test]
    fn decode_follows_scores_and_transitions() {
        let mut m = StarModel::prior();
        m.start = [0.0; N_STATES];
        m.trans = [[0.0; N_STATES]; N_STATES];
        m.trans[4][1] = NEG;
        let em = [[0.0, 0.0, 0.0, 0.0, 5.0], [0.0, 1.0, 0.5, 0.0, 0.0]];
        // Result → situation is forbidden, so the second sentence takes its next best state.
        assert_eq!(m.decode(&em), vec![4, 2]);
        assert!(m.decode(&[]).is_empty());
        // A presence weight big enough brings a missing part in where it scores best.
        let em = [[0.0, 0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0, 1.0]];
        assert_eq!(m.decode(&em), vec![3, 3]);
        m.presence[4] = 1.5;
        assert_eq!(m.decode(&em), vec![3, 4]);
    }
}
