//! Speed of the text analysis stage: a 2-minute answer must take under 5 ms.
//! `cargo bench --bench analysis` prints the figures.

use mockloop::analysis::{analyze_text, AnalyzeOptions};
use mockloop::report;
use mockloop::types::{AnalysisInput, InputKind};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// About 300 words: two minutes at a normal speaking pace.
const ANSWER: &str = "So for context, about two years ago I was the product manager for checkout in the EU \
marketplace, and customers in Germany and France started writing in that the payment page just hung after \
they pressed place order. When I looked at the data, about 7% of carts were being abandoned right at that \
step, which was more than double the rest of the funnel. My job was to get that latency down before the \
holiday peak, which gave me about 30 days. I started by reading a few hundred of the contact transcripts \
myself, because I wanted to know what the customer actually saw, and it was a spinner with no message for \
ten or twelve seconds. Then I pulled the traces with our engineering lead and found the payment \
authorization was calling a fraud check twice, once synchronously. I wrote a one-page proposal to move the \
second check off the critical path, got the fraud team to agree to a 24-hour review of anything it flagged, \
and I set up a daily latency dashboard so we could all watch the same number. I also pushed for a message \
on the spinner, so if it ever did get slow again the customer at least knew the order was going through. \
We rolled it out to ten percent of traffic first and watched the dashboard for a week before going to \
everyone. The result was that latency dropped to 1.8 seconds at the 90th percentile, cart abandonment at \
that step fell to 3.2%, and weekly sales in those markets went up by about $2.4 million over the next six \
weeks. What I learned is that the fastest way to understand a metric is to read what the customers wrote \
about it, and I still start every investigation that way.";

fn time<F: FnMut()>(mut f: F, iters: u32) -> (Duration, Duration) {
    let mut samples = Vec::with_capacity(iters as usize);
    for _ in 0..iters {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[samples.len() * 99 / 100],
    )
}

fn main() {
    let input = || AnalysisInput {
        path: "bench.txt".into(),
        kind: InputKind::Text,
    };
    let opts = AnalyzeOptions::default();
    let words = ANSWER.split_whitespace().count();
    // Warm up.
    for _ in 0..20 {
        black_box(analyze_text(black_box(ANSWER), input(), &opts));
    }
    let (median, p99) = time(
        || {
            black_box(analyze_text(black_box(ANSWER), input(), &opts));
        },
        500,
    );
    println!(
        "analyze_text, 2-minute answer ({words} words): median {:.3} ms, p99 {:.3} ms (target < 5 ms)",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );

    let long: String = std::iter::repeat(ANSWER)
        .take(10)
        .collect::<Vec<_>>()
        .join(" ");
    let (median, p99) = time(
        || {
            black_box(analyze_text(black_box(&long), input(), &opts));
        },
        50,
    );
    println!(
        "analyze_text, 20-minute answer ({} words): median {:.3} ms, p99 {:.3} ms",
        long.split_whitespace().count(),
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );

    let a = analyze_text(ANSWER, input(), &opts);
    let (median, _) = time(
        || {
            black_box(report::text::render(black_box(&a), true));
            black_box(report::html::render(black_box(&a)));
        },
        200,
    );
    println!(
        "render text+html, 2-minute answer: median {:.3} ms",
        median.as_secs_f64() * 1e3
    );
}
