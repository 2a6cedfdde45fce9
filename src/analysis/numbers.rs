//! Quantities stated in an answer: digits with units, spoken numbers, ranges, multipliers.
//!
//! Works on a flat list of sub-words (tokens split on hyphens) so "12-second", "twenty-five"
//! and "10-15%" parse like their spaced forms. Each mention remembers its token span so the
//! caller can attach a STAR part and a timestamp.

use super::tokens::{is_calendar_word, Token};
use crate::types::NumberKind;
use std::ops::Range;

/// A quantity found in the token stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token indices the mention covers.
    pub tokens: Range<usize>,
    pub value: Option<f64>,
    pub kind: NumberKind,
}

#[derive(Debug, Clone, Copy)]
struct Sub<'a> {
    tok: usize,
    w: &'a str,
    /// The next sub-word is in the same token, after a slash ("1/3", "24/7").
    slash_next: bool,
    /// The next sub-word is in the same token, after a hyphen ("10-15%").
    hyphen_next: bool,
    /// The token this sub-word ends has a clause/sentence mark after it.
    boundary_after: bool,
}

fn subwords(tokens: &[Token]) -> Vec<Sub<'_>> {
    let mut out = Vec::with_capacity(tokens.len() + 8);
    for (i, t) in tokens.iter().enumerate() {
        let pieces: Vec<&str> = t.norm.split(['-', '/']).filter(|p| !p.is_empty()).collect();
        let n = pieces.len();
        let mut at = 0;
        for (k, p) in pieces.into_iter().enumerate() {
            // Where this piece sits in the token, to see which separator follows it.
            at += t.norm[at..].find(p).unwrap_or(0) + p.len();
            let slash = t.norm[at..].starts_with('/');
            out.push(Sub {
                tok: i,
                w: p,
                slash_next: k + 1 < n && slash,
                hyphen_next: k + 1 < n && !slash,
                boundary_after: k + 1 == n && (t.ends_clause() || t.ends_sentence()),
            });
        }
    }
    out
}

fn small(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// A number said as a word, "zero" to "ninety" ("after three weeks").
pub fn is_number_word(w: &str) -> bool {
    small(w).is_some()
}

fn scale(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 100.0,
        "thousand" | "k" => 1e3,
        "million" | "mm" | "mil" => 1e6,
        "billion" | "bn" => 1e9,
        _ => return None,
    })
}

fn digit_word(w: &str) -> Option<u32> {
    small(w).filter(|v| *v < 10.0).map(|v| v as u32)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Suffix {
    Percent,
    Multiplier,
    Duration(f64),
    Bps,
}

/// A bare numeral: its value, where it ends, and what was glued to it.
#[derive(Debug, Clone, Copy)]
struct Numeral {
    value: f64,
    end: usize,
    currency_prefix: bool,
    suffix: Option<Suffix>,
    /// Just the word "one" (or "a"+scale-less): needs a unit to count as a quantity.
    weak: bool,
    /// Spoken "hundreds"/"thousands of": a quantity with no exact value.
    vague: bool,
}

/// Parses a digit token like "$2.4m", "85%", "1,200", "3x", "400ms".
fn parse_digits(w: &str) -> Option<(f64, bool, Option<Suffix>, Option<f64>)> {
    let (cur, rest) = match w.chars().next()? {
        '$' | '€' | '£' => (true, &w[w.chars().next()?.len_utf8()..]),
        _ => (false, w),
    };
    let num_end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let (num, suf) = rest.split_at(num_end);
    let num = num.trim_end_matches(['.', ',']);
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = num.replace(',', "").parse().ok()?;
    let (suffix, mult) = match suf {
        "" => (None, None),
        "%" => (Some(Suffix::Percent), None),
        "k" => (None, Some(1e3)),
        "m" | "mm" | "mn" => (None, Some(1e6)),
        "b" | "bn" => (None, Some(1e9)),
        "x" => (Some(Suffix::Multiplier), None),
        "ms" => (Some(Suffix::Duration(0.001)), None),
        "s" | "sec" | "secs" => (Some(Suffix::Duration(1.0)), None),
        "min" | "mins" => (Some(Suffix::Duration(60.0)), None),
        "h" | "hr" | "hrs" => (Some(Suffix::Duration(3600.0)), None),
        "bps" => (Some(Suffix::Bps), None),
        "pp" => (Some(Suffix::Percent), None),
        _ => return None, // "99th", "q3", "p99", "v2": not quantities
    };
    Some((value, cur, suffix, mult))
}

fn numeral(sw: &[Sub], i: usize) -> Option<Numeral> {
    let w = sw[i].w;
    if let Some((mut value, currency_prefix, suffix, mult)) = parse_digits(w) {
        let mut end = i + 1;
        if let Some(m) = mult {
            value *= m;
        } else if suffix.is_none() {
            if let Some(s) = sw.get(end).and_then(|s| scale(s.w)) {
                value *= s;
                end += 1;
            }
        }
        return Some(Numeral {
            value,
            end,
            currency_prefix,
            suffix,
            weak: false,
            vague: false,
        });
    }
    // "hundreds of", "thousands of", "dozens of": a spoken quantity without an exact value.
    if matches!(
        w,
        "hundreds" | "thousands" | "millions" | "billions" | "dozens"
    ) && sw.get(i + 1).map(|s| s.w) == Some("of")
    {
        return Some(Numeral {
            value: f64::NAN,
            end: i + 1,
            currency_prefix: false,
            suffix: None,
            weak: false,
            vague: true,
        });
    }
    spoken(sw, i).or_else(|| a_unit_in_from_to(sw, i))
}

/// "from about a month to under a week", "from an hour to ten minutes": inside a from-to, "a"
/// before a time unit is the number one. Elsewhere ("a week later") it is not a quantity.
fn a_unit_in_from_to(sw: &[Sub], i: usize) -> Option<Numeral> {
    if !matches!(sw[i].w, "a" | "an") || duration_unit(sw.get(i + 1)?.w).is_none() {
        return None;
    }
    let mut k = i;
    while k > 0 && skippable(sw[k - 1].w) {
        k -= 1;
    }
    let before = sw[..k].last()?.w;
    let opens_range = before == "from";
    let closes_range = before == "to" && sw[..k].iter().rev().take(8).any(|s| s.w == "from");
    (opens_range || closes_range).then_some(Numeral {
        value: 1.0,
        end: i + 1,
        currency_prefix: false,
        suffix: None,
        weak: true,
        vague: false,
    })
}

/// Parses spoken numbers: "two point four million", "one hundred and twenty", "a dozen".
fn spoken(sw: &[Sub], i: usize) -> Option<Numeral> {
    let mut j = i;
    let mut total = 0.0;
    let mut current = 0.0;
    let mut any = false;
    let mut only_one = true;
    // "a hundred", "a million", "a dozen"
    if matches!(sw[j].w, "a" | "an") {
        let next = sw.get(j + 1)?.w;
        if scale(next).is_some() && next != "k" {
            current = 1.0;
            j += 1;
            any = true;
            only_one = false;
        } else if next == "dozen" {
            return Some(Numeral {
                value: 12.0,
                end: j + 2,
                currency_prefix: false,
                suffix: None,
                weak: false,
                vague: false,
            });
        } else {
            return None;
        }
    }
    while let Some(s) = sw.get(j) {
        if let Some(v) = small(s.w) {
            // "twenty five" adds; "five twenty" would be two numbers: stop.
            if any && current % 100.0 != 0.0 && (current % 10.0 != 0.0 || v >= 10.0) {
                break;
            }
            if v != 1.0 || any {
                only_one = false;
            }
            current += v;
            any = true;
            j += 1;
        } else if let Some(m) = scale(s.w).filter(|_| any && s.w != "k") {
            only_one = false;
            if m == 100.0 {
                current *= m;
            } else {
                total += current * m;
                current = 0.0;
            }
            j += 1;
        } else if s.w == "dozen" && any {
            current *= 12.0;
            only_one = false;
            j += 1;
        } else if s.w == "and"
            && any
            && j > 0
            && scale(sw[j - 1].w).is_some()
            && sw.get(j + 1).and_then(|n| small(n.w)).is_some()
        {
            j += 1;
        } else if s.w == "point" && any {
            let mut frac = String::new();
            let mut k = j + 1;
            while let Some(d) = sw.get(k).and_then(|n| digit_word(n.w)) {
                frac.push(char::from_digit(d, 10).unwrap_or('0'));
                k += 1;
            }
            if frac.is_empty() {
                break;
            }
            current += format!("0.{frac}").parse::<f64>().unwrap_or(0.0);
            only_one = false;
            j = k;
        } else {
            break;
        }
    }
    if !any {
        return None;
    }
    let mut value = total + current;
    let mut end = j;
    // "one and a half", "two and a half"
    if sw.get(end).map(|s| s.w) == Some("and")
        && sw.get(end + 1).map(|s| s.w) == Some("a")
        && sw.get(end + 2).map(|s| s.w) == Some("half")
    {
        value += 0.5;
        end += 3;
        only_one = false;
    }
    Some(Numeral {
        value,
        end,
        currency_prefix: false,
        suffix: None,
        weak: only_one,
        vague: false,
    })
}

fn duration_unit(w: &str) -> Option<f64> {
    Some(match w {
        "ms" | "millisecond" | "milliseconds" | "millis" => 0.001,
        "second" | "seconds" | "sec" | "secs" => 1.0,
        "minute" | "minutes" | "min" | "mins" => 60.0,
        "hour" | "hours" | "hr" | "hrs" => 3600.0,
        "day" | "days" => 86_400.0,
        "week" | "weeks" => 604_800.0,
        "month" | "months" => 2_629_800.0,
        "quarter" | "quarters" => 7_889_400.0,
        "year" | "years" => 31_557_600.0,
        "sprint" | "sprints" => 1_209_600.0,
        _ => return None,
    })
}

fn is_currency_word(w: &str) -> Option<f64> {
    Some(match w {
        "dollars" | "dollar" | "bucks" | "usd" | "euros" | "euro" | "eur" | "pounds" | "gbp" => 1.0,
        "grand" => 1e3,
        _ => return None,
    })
}

const COMPARATIVES: &[&str] = &[
    "faster", "more", "better", "higher", "lower", "fewer", "less", "bigger", "cheaper", "as",
    "over", "larger", "smaller", "quicker", "slower", "the", "that",
];

/// Reads the unit after a numeral; returns (kind, value multiplier, new end).
fn unit_after(sw: &[Sub], n: &Numeral) -> (Option<NumberKind>, f64, usize) {
    let e = n.end;
    let w = |k: usize| sw.get(k).map(|s| s.w).unwrap_or("");
    match n.suffix {
        Some(Suffix::Percent) => return (Some(NumberKind::Percent), 1.0, e),
        Some(Suffix::Multiplier) => return (Some(NumberKind::Multiplier), 1.0, e),
        Some(Suffix::Bps) => return (Some(NumberKind::BasisPoints), 1.0, e),
        Some(Suffix::Duration(f)) => return (Some(NumberKind::Duration), f, e),
        None => {}
    }
    if n.currency_prefix {
        // "$2.4 million dollars" is still one amount.
        let extra = usize::from(is_currency_word(w(e)).is_some());
        return (Some(NumberKind::Currency), 1.0, e + extra);
    }
    match w(e) {
        "percent" | "pct" | "%" => return (Some(NumberKind::Percent), 1.0, e + 1),
        "per" if w(e + 1) == "cent" => return (Some(NumberKind::Percent), 1.0, e + 2),
        "percentage" if matches!(w(e + 1), "points" | "point") => {
            return (Some(NumberKind::Percent), 1.0, e + 2)
        }
        "basis" if matches!(w(e + 1), "points" | "point") => {
            return (Some(NumberKind::BasisPoints), 1.0, e + 2)
        }
        "bps" | "bips" | "bp" => return (Some(NumberKind::BasisPoints), 1.0, e + 1),
        "x" | "fold" => return (Some(NumberKind::Multiplier), 1.0, e + 1),
        "times" if COMPARATIVES.contains(&w(e + 1)) => {
            return (Some(NumberKind::Multiplier), 1.0, e + 1)
        }
        _ => {}
    }
    if let Some(m) = is_currency_word(w(e)) {
        return (Some(NumberKind::Currency), m, e + 1);
    }
    if let Some(f) = duration_unit(w(e)) {
        return (Some(NumberKind::Duration), f, e + 1);
    }
    // "two business days", "three more weeks", "six full months"
    if matches!(
        w(e),
        "business" | "working" | "more" | "full" | "calendar" | "straight"
    ) && duration_unit(w(e + 1)).is_some()
    {
        let f = duration_unit(w(e + 1)).unwrap_or(1.0);
        return (Some(NumberKind::Duration), f, e + 2);
    }
    (None, 1.0, e)
}

fn is_year(n: &Numeral, sw: &[Sub], i: usize) -> bool {
    let v = n.value;
    if n.currency_prefix
        || n.suffix.is_some()
        || v.fract() != 0.0
        || !(1950.0..=2100.0).contains(&v)
    {
        return false;
    }
    // A bare 4-digit number after "in/since/..." is a year, not a quantity.
    let prev = if i > 0 { sw[i - 1].w } else { "" };
    matches!(
        prev,
        "in" | "since"
            | "by"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "during"
            | "from"
            | "until"
            | "till"
            | "through"
            | "around"
            | "back"
            | "to"
            | "and"
            | "fy"
    ) || is_calendar_word(prev)
        || sw[i].boundary_after
        || i + 1 >= sw.len()
}

/// Single-word relative quantities: "doubled", "halved", "tenfold", "twice as".
fn relative_word(sw: &[Sub], i: usize) -> Option<(f64, usize)> {
    let w = sw[i].w;
    let next = sw.get(i + 1).map(|s| s.w).unwrap_or("");
    let prev = if i > 0 { sw[i - 1].w } else { "" };
    let v = match w {
        "doubled" | "doubling" | "twofold" => 2.0,
        "tripled" | "tripling" | "threefold" => 3.0,
        "quadrupled" | "fourfold" => 4.0,
        "tenfold" => 10.0,
        "halved" | "halving" => 0.5,
        "twice" if COMPARATIVES.contains(&next) => 2.0,
        "double" | "triple" if matches!(next, "the" | "our" | "its" | "their" | "what") => {
            if w == "double" {
                2.0
            } else {
                3.0
            }
        }
        // "cut in half", "by half", "reduced it in half"
        "half" if matches!(prev, "in" | "by") => 0.5,
        _ => return None,
    };
    Some((v, i + 1))
}

/// Fractions spoken as quantities: "half of", "a third of", "two thirds".
fn fraction(sw: &[Sub], i: usize) -> Option<(f64, usize)> {
    let w = |k: usize| sw.get(k).map(|s| s.w).unwrap_or("");
    let prev = if i > 0 { w(i - 1) } else { "" };
    if w(i) == "half" {
        let ok_next = matches!(
            w(i + 1),
            "of" | "the" | "our" | "their" | "its" | "an" | "a"
        );
        let ordinal_before = matches!(prev, "first" | "second" | "the" | "back" | "other");
        return (ok_next && !ordinal_before).then_some((0.5, i + 1));
    }
    let count = match w(i) {
        "a" | "one" => 1.0,
        w2 => small(w2).filter(|v| (2.0..10.0).contains(v))?,
    };
    let (den, k) = match w(i + 1) {
        "third" | "thirds" => (3.0, i + 2),
        "quarter" | "quarters" if w(i + 2) == "of" => (4.0, i + 2),
        "fifth" | "fifths" if w(i + 2) == "of" => (5.0, i + 2),
        _ => return None,
    };
    // "a third option" is an ordinal; accept the fraction before "of", at a pause or at the end.
    let ends = sw[k - 1].boundary_after || k >= sw.len();
    let ok = w(k) == "of"
        || ends
        || matches!(
            w(k),
            "and" | "in" | "by" | "from" | "over" | "less" | "more" | "fewer"
        );
    ok.then_some((count / den, k))
}

/// Finds every quantity in the tokens, in order, without overlaps.
pub fn find(tokens: &[Token]) -> Vec<Mention> {
    let sw = subwords(tokens);
    let mut out = Vec::new();
    let mut i = 0;
    let span = |a: usize, b: usize| sw[a].tok..sw[b - 1].tok + 1;
    while i < sw.len() {
        if sw[i].slash_next {
            // "1/3 of orders", "4.6/5": a fraction. "24/7", "9/11": a phrase, not a quantity.
            let ratio = parse_digits(sw[i].w).zip(sw.get(i + 1).and_then(|s| parse_digits(s.w)));
            if let Some(((a, false, None, None), (b, false, None, None))) = ratio {
                if a < b {
                    out.push(Mention {
                        tokens: span(i, i + 2),
                        value: Some(a / b),
                        kind: NumberKind::Other,
                    });
                }
                i += 2;
                continue;
            }
        }
        if let Some((v, end)) = relative_word(&sw, i) {
            out.push(Mention {
                tokens: span(i, end),
                value: Some(v),
                kind: NumberKind::Multiplier,
            });
            i = end;
            continue;
        }
        if let Some((v, end)) = fraction(&sw, i) {
            out.push(Mention {
                tokens: span(i, end),
                value: Some(v),
                kind: NumberKind::Other,
            });
            i = end;
            continue;
        }
        let Some(n) = numeral(&sw, i) else {
            i += 1;
            continue;
        };
        if n.vague {
            let (kind, _, end) = unit_after(&sw, &n);
            out.push(Mention {
                tokens: span(i, n.end.max(end)),
                value: None,
                kind: kind.unwrap_or(NumberKind::Count),
            });
            i = n.end.max(end);
            continue;
        }
        if is_year(&n, &sw, i) {
            i = n.end;
            continue;
        }
        let (kind, f, end) = unit_after(&sw, &n);
        // A range: "10 to 15 percent", "10-15%", "between 3 and 5 days", "from 12 to 1.8 s".
        let sep = sw.get(end).map(|s| s.w);
        let hyphen = end > i && sw[end - 1].hyphen_next;
        let between = i > 0 && sw[i - 1].w == "between";
        let is_sep =
            hyphen || matches!(sep, Some("to") | Some("or")) || (between && sep == Some("and"));
        let mut second_at = if hyphen { end } else { end + 1 };
        // "from 60 to about 20", "to under a week"
        while second_at < sw.len() && !hyphen && skippable(sw[second_at].w) {
            second_at += 1;
        }
        if is_sep && second_at < sw.len() {
            if let Some(n2) = numeral(&sw, second_at).filter(|n2| !n2.vague) {
                let (kind2, f2, end2) = unit_after(&sw, &n2);
                let k2 = kind2.or(kind);
                let k1 = kind.or(kind2);
                if k1.is_some() || !n.weak {
                    let from = sw[..i]
                        .iter()
                        .rev()
                        .find(|s| !skippable(s.w))
                        .is_some_and(|s| s.w == "from");
                    // Unit words only after the second number scale the first one too.
                    let f1 = if kind.is_none() { f2 } else { f };
                    let v1 = n.value * f1;
                    let v2 = n2.value * f2;
                    if from {
                        out.push(Mention {
                            tokens: span(i, end.max(i + 1)),
                            value: Some(v1),
                            kind: k1.unwrap_or(NumberKind::Count),
                        });
                        out.push(Mention {
                            tokens: span(second_at, end2),
                            value: Some(v2),
                            kind: k2.unwrap_or(NumberKind::Count),
                        });
                    } else {
                        out.push(Mention {
                            tokens: span(i, end2),
                            value: Some((v1 + v2) / 2.0),
                            kind: k2.unwrap_or(NumberKind::Count),
                        });
                    }
                    i = end2;
                    continue;
                }
            }
        }
        match kind {
            Some(k) => out.push(Mention {
                tokens: span(i, end),
                value: Some(n.value * f),
                kind: k,
            }),
            // "one" alone is an article more often than a quantity ("one of our customers").
            None if n.weak => {}
            None => {
                let next = sw.get(end).map(|s| s.w).unwrap_or("");
                let kind = if next.is_empty() || next == "of" || sw[end - 1].boundary_after {
                    NumberKind::Other
                } else {
                    NumberKind::Count
                };
                out.push(Mention {
                    tokens: span(i, end),
                    value: Some(n.value),
                    kind,
                })
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Words a speaker puts between "from"/"to" and the number: hedges and fillers
/// ("to, I mean, under a week").
fn skippable(w: &str) -> bool {
    is_approx(w)
        || matches!(
            w,
            "um" | "uh" | "er" | "erm" | "i" | "mean" | "you" | "know"
        )
}

fn is_approx(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "around"
            | "roughly"
            | "approximately"
            | "nearly"
            | "almost"
            | "over"
            | "under"
            | "just"
            | "like"
            | "maybe"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens::from_text;

    fn nums(s: &str) -> Vec<(String, Option<f64>, NumberKind)> {
        let toks = from_text(s);
        find(&toks)
            .into_iter()
            .map(|m| {
                let text = toks[m.tokens.clone()]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                (text, m.value, m.kind)
            })
            .collect()
    }

    fn one(s: &str) -> (Option<f64>, NumberKind) {
        let v = nums(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        (v[0].1, v[0].2)
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-6 * b.abs().max(1.0))
    }

    #[test]
    fn digits_with_units() {
        let (v, k) = one("latency was 12 seconds");
        assert!(close(v, 12.0) && k == NumberKind::Duration);
        let (v, k) = one("GMV rose by $2.4 million");
        assert!(close(v, 2.4e6) && k == NumberKind::Currency, "{v:?}");
        let (v, k) = one("an 85% improvement");
        assert!(close(v, 85.0) && k == NumberKind::Percent);
        let (v, k) = one("a 12-second spike");
        assert!(close(v, 12.0) && k == NumberKind::Duration);
        let (v, k) = one("down to 400ms");
        assert!(close(v, 0.4) && k == NumberKind::Duration);
        let (v, k) = one("we saved $300k a year");
        assert!(close(v, 300_000.0) && k == NumberKind::Currency, "{v:?}");
        let (v, k) = one("about 1,200 tickets");
        assert!(close(v, 1200.0) && k == NumberKind::Count);
    }

    #[test]
    fn spoken_forms() {
        let (v, k) = one("it went up twelve percent");
        assert!(close(v, 12.0) && k == NumberKind::Percent);
        let (v, k) = one("two point four million dollars in revenue");
        assert!(close(v, 2.4e6) && k == NumberKind::Currency, "{v:?}");
        let (v, k) = one("churn fell three hundred basis points");
        assert!(close(v, 300.0) && k == NumberKind::BasisPoints);
        let (v, k) = one("we onboarded twenty-five customers");
        assert!(close(v, 25.0) && k == NumberKind::Count);
        let (v, k) = one("one hundred and twenty engineers");
        assert!(close(v, 120.0) && k == NumberKind::Count);
        let (v, k) = one("it took two and a half weeks");
        assert!(close(v, 2.5 * 604_800.0) && k == NumberKind::Duration);
        let (v, _) = one("a third of our users");
        assert!(close(v, 1.0 / 3.0));
        let (v, _) = one("about half of the tickets");
        assert!(close(v, 0.5));
        let (v, k) = one("we had 1/3 fewer defects");
        assert!(close(v, 1.0 / 3.0) && k == NumberKind::Other, "{v:?}");
        let (v, _) = one("CSAT reached 4.6/5");
        assert!(close(v, 0.92), "{v:?}");
        assert!(find(&crate::analysis::tokens::from_text("we offer 24/7 support")).is_empty());
        // A hyphen is still a range.
        let (v, k) = one("it took 10-15 minutes");
        assert!(close(v, 750.0) && k == NumberKind::Duration, "{v:?}");
    }

    #[test]
    fn multipliers() {
        assert_eq!(one("throughput went up 3x").1, NumberKind::Multiplier);
        let (v, k) = one("and it was three times faster");
        assert!(close(v, 3.0) && k == NumberKind::Multiplier);
        let (v, k) = one("signups doubled");
        assert!(close(v, 2.0) && k == NumberKind::Multiplier);
        let (v, k) = one("we cut the backlog in half");
        assert!(close(v, 0.5) && k == NumberKind::Multiplier);
        assert_eq!(one("a tenfold increase").1, NumberKind::Multiplier);
    }

    #[test]
    fn ranges_and_from_to() {
        let v = nums("abandonment dropped 10 to 15 percent");
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(close(v[0].1, 12.5) && v[0].2 == NumberKind::Percent);
        let v = nums("conversion up 10-15%");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].2, NumberKind::Percent);
        let v = nums("latency went from 12 seconds to 1.8 seconds");
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(close(v[1].1, 1.8) && v[1].2 == NumberKind::Duration);
        let v = nums("from 12 to 1.8 seconds");
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[0].2, NumberKind::Duration);
        let v = nums("turnaround went from about a month to under a week");
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v.iter().all(|n| n.2 == NumberKind::Duration), "{v:?}");
        assert!(close(v[1].1, 604_800.0));
        let v = nums("it went from, uh, about a month to, I mean, under a week");
        assert_eq!(v.len(), 2, "{v:?}");
        let v = nums("the backlog went from sixty requests to about twenty");
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(close(v[1].1, 20.0));
        assert!(nums("a week later they signed").is_empty());
        assert!(nums("I went to a meeting a week before").is_empty());
        let v = nums("it took between three and five days");
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].2, NumberKind::Duration);
    }

    #[test]
    fn not_quantities() {
        assert!(nums("one of our customers called me").is_empty());
        assert!(nums("a customer called").is_empty());
        assert!(nums("in 2019 we launched in Q3").is_empty());
        assert!(nums("our p99 was bad at the 99th percentile").is_empty());
        assert!(nums("the first half of the year").is_empty());
        assert!(nums("I had a third option").is_empty());
        assert!(nums("someone else owned it").is_empty());
    }

    #[test]
    fn one_with_a_unit_counts() {
        let (v, k) = one("it took one week");
        assert!(close(v, 604_800.0) && k == NumberKind::Duration);
        assert_eq!(one("a million dollars").1, NumberKind::Currency);
    }

    #[test]
    fn vague_plural_numbers_have_no_value() {
        let v = nums("we saved hundreds of hours");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1, None);
    }
}
