//! Seeded question picking.

use super::vocab::shape_name;
use crate::rng::SplitMix64;
use crate::types::Question;
use std::collections::HashMap;

/// A seed from the clock and process id, for runs without `--seed`.
pub fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    SplitMix64::new(nanos ^ ((std::process::id() as u64) << 32)).next_u64()
}

/// What a question counts against when spreading picks: its principles, or its shape if it has none.
fn themes(q: &Question) -> Vec<String> {
    if q.principles.is_empty() {
        vec![format!("shape:{}", shape_name(q.shape))]
    } else {
        q.principles.clone()
    }
}

/// Shuffles the pool, then repeatedly takes the first question whose themes have been picked
/// least (most-used theme first, then total), so a 5-question loop covers 5 principles when it can.
pub(crate) fn pick(mut pool: Vec<&Question>, count: usize, seed: u64) -> Vec<Question> {
    SplitMix64::new(seed).shuffle(&mut pool);
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(count.min(pool.len()));
    while out.len() < count && !pool.is_empty() {
        let score = |q: &Question| {
            let counts: Vec<usize> = themes(q)
                .iter()
                .map(|t| used.get(t).copied().unwrap_or(0))
                .collect();
            (
                counts.iter().copied().max().unwrap_or(0),
                counts.iter().sum::<usize>(),
            )
        };
        // min_by_key keeps the first of equal minima, i.e. the shuffled order breaks ties.
        let best = (0..pool.len()).min_by_key(|&i| score(pool[i])).unwrap_or(0);
        let q = pool.remove(best);
        for t in themes(q) {
            *used.entry(t).or_default() += 1;
        }
        out.push(q.clone());
    }
    out
}
