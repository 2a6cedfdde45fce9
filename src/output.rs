//! Writes transcripts as txt, json, srt and vtt.

use crate::types::Transcript;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TranscriptFormat {
    /// One line per segment with its time span.
    #[default]
    Txt,
    /// Words with start_s/end_s, segments, duration, model, language.
    Json,
    /// SubRip subtitles.
    Srt,
    /// WebVTT subtitles (plays in browsers next to the audio).
    Vtt,
}

/// `mm:ss.cc` for short text listings, `h:mm:ss.cc` past an hour.
pub fn clock(secs: f64) -> String {
    let cs = (secs.max(0.0) * 100.0).round() as u64;
    let (h, m, s, c) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{c:02}")
    } else {
        format!("{m:02}:{s:02}.{c:02}")
    }
}

fn subtitle_time(secs: f64, sep: char) -> String {
    let ms = (secs.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

pub fn render(t: &Transcript, format: TranscriptFormat, timestamps: bool) -> String {
    match format {
        TranscriptFormat::Txt if !timestamps => {
            if t.text.is_empty() {
                String::new()
            } else {
                format!("{}\n", t.text)
            }
        }
        TranscriptFormat::Txt => t
            .segments
            .iter()
            .map(|s| format!("[{} --> {}] {}\n", clock(s.start_s), clock(s.end_s), s.text))
            .collect(),
        TranscriptFormat::Json => {
            let mut s = serde_json::to_string_pretty(t).expect("transcript serialises");
            s.push('\n');
            s
        }
        TranscriptFormat::Srt => t
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{}\n{} --> {}\n{}\n\n",
                    i + 1,
                    subtitle_time(s.start_s, ','),
                    subtitle_time(s.end_s, ','),
                    s.text
                )
            })
            .collect(),
        TranscriptFormat::Vtt => {
            let mut out = String::from("WEBVTT\n\n");
            for s in &t.segments {
                out.push_str(&format!(
                    "{} --> {}\n{}\n\n",
                    subtitle_time(s.start_s, '.'),
                    subtitle_time(s.end_s, '.'),
                    s.text
                ));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Segment, Word};

    fn sample() -> Transcript {
        let w = |t: &str, a: f64, b: f64| Word {
            text: t.into(),
            start_s: a,
            end_s: b,
            probability: 0.9,
        };
        Transcript::from_segments(
            vec![
                Segment {
                    text: "Latency fell.".into(),
                    start_s: 0.0,
                    end_s: 1.5,
                    words: vec![w("Latency", 0.0, 0.6), w("fell.", 0.7, 1.5)],
                },
                Segment {
                    text: "By 85%.".into(),
                    start_s: 61.25,
                    end_s: 3725.5,
                    words: vec![w("By", 61.25, 61.5), w("85%.", 61.5, 62.0)],
                },
            ],
            3726.0,
            "tiny.en",
            "en",
        )
    }

    #[test]
    fn srt_and_vtt_time_formats() {
        let t = sample();
        let srt = render(&t, TranscriptFormat::Srt, true);
        assert!(srt.starts_with("1\n00:00:00,000 --> 00:00:01,500\nLatency fell.\n\n2\n00:01:01,250 --> 01:02:05,500\nBy 85%.\n"), "{srt}");
        let vtt = render(&t, TranscriptFormat::Vtt, true);
        assert!(
            vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nLatency fell.\n"),
            "{vtt}"
        );
    }

    #[test]
    fn txt_with_and_without_timestamps() {
        let t = sample();
        assert_eq!(
            render(&t, TranscriptFormat::Txt, false),
            "Latency fell. By 85%.\n"
        );
        let txt = render(&t, TranscriptFormat::Txt, true);
        assert!(
            txt.starts_with(
                "[00:00.00 --> 00:01.50] Latency fell.\n[01:01.25 --> 1:02:05.50] By 85%.\n"
            ),
            "{txt}"
        );
    }

    #[test]
    fn json_round_trips() {
        let t = sample();
        let back: Transcript =
            serde_json::from_str(&render(&t, TranscriptFormat::Json, true)).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.words[3].start_s, 61.5);
    }
}
