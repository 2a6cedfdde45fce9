//! The fixed vocabularies a question is tagged with: Leadership Principles, interview rounds,
//! roles and answer shapes, and the lenient matching used for both files and CLI filters.

use crate::types::AnswerShape;

/// Amazon's 16 Leadership Principles, in Amazon's order, spelled as Amazon spells them.
pub const PRINCIPLES: [&str; 16] = [
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
];

/// Short names people use for the principles with long official names.
const PRINCIPLE_ALIASES: &[(&str, &str)] = &[
    ("right a lot", "Are Right, A Lot"),
    ("learn be curious", "Learn and Be Curious"),
    ("curious", "Learn and Be Curious"),
    ("hire develop", "Hire and Develop the Best"),
    ("highest standards", "Insist on the Highest Standards"),
    ("backbone", "Have Backbone; Disagree and Commit"),
    ("have backbone", "Have Backbone; Disagree and Commit"),
    ("disagree commit", "Have Backbone; Disagree and Commit"),
    ("earths best employer", "Strive to be Earth's Best Employer"),
    ("best employer", "Strive to be Earth's Best Employer"),
    (
        "broad responsibility",
        "Success and Scale Bring Broad Responsibility",
    ),
    (
        "success scale",
        "Success and Scale Bring Broad Responsibility",
    ),
];

/// One interview round a question can belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundInfo {
    /// The id used in question files and on the command line, e.g. "bar-raiser".
    pub id: &'static str,
    pub name: &'static str,
    /// Who runs it and what it tests, from the seed descriptions.
    pub about: &'static str,
    aliases: &'static [&'static str],
}

/// The rounds the seed articles describe (Amazon CSM phone screen and loop; PM recruiter screen,
/// written exercise and the loop's five rounds).
pub const ROUNDS: &[RoundInfo] = &[
    RoundInfo {
        id: "phone-screen",
        name: "Phone screen",
        about: "60 minutes with a peer or senior leader: Leadership Principle stories plus functional questions",
        aliases: &["phone", "phone screening", "screen"],
    },
    RoundInfo {
        id: "loop",
        name: "Interview loop",
        about: "four to five 60-minute interviews, mostly Leadership Principle stories",
        aliases: &["interview loop", "onsite", "onsite loop", "virtual loop"],
    },
    RoundInfo {
        id: "recruiter-screen",
        name: "Recruiter screen",
        about: "background, product experience, why Amazon",
        aliases: &["recruiter"],
    },
    RoundInfo {
        id: "written-exercise",
        name: "Written exercise (PR/FAQ)",
        about: "working backwards: press release and FAQ for a product idea, talked through aloud",
        aliases: &["written", "prfaq", "pr faq", "take home", "take home case"],
    },
    RoundInfo {
        id: "product-design",
        name: "Product design & strategy",
        about: "work backwards from a customer need to a scalable product",
        aliases: &[
            "product design strategy",
            "product design and strategy",
            "product sense",
            "product strategy",
            "design",
        ],
    },
    RoundInfo {
        id: "execution-metrics",
        name: "Execution & metrics",
        about: "prioritisation, goals, success metrics, debugging a metric drop",
        aliases: &["execution", "metrics", "execution and metrics"],
    },
    RoundInfo {
        id: "analytical-technical",
        name: "Analytical & technical collaboration",
        about: "data for decisions, experiments, working with engineers and technical constraints",
        aliases: &[
            "analytical",
            "technical",
            "analytical technical collaboration",
            "analytical and technical collaboration",
        ],
    },
    RoundInfo {
        id: "leadership-stakeholder",
        name: "Leadership & stakeholder management",
        about: "influence without authority, conflict, competing priorities",
        aliases: &[
            "leadership",
            "stakeholder",
            "stakeholder management",
            "leadership and stakeholder management",
        ],
    },
    RoundInfo {
        id: "bar-raiser",
        name: "Bar raiser",
        about: "senior interviewer from outside the team: consistency, judgment, long-term potential",
        aliases: &["barraiser", "bar raiser interview"],
    },
];

/// A role a question suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleInfo {
    pub id: &'static str,
    pub name: &'static str,
    aliases: &'static [&'static str],
}

pub const ROLES: &[RoleInfo] = &[
    RoleInfo {
        id: "pm",
        name: "Product manager",
        aliases: &["product manager", "product", "tpm", "pmt"],
    },
    RoleInfo {
        id: "csm",
        name: "Customer success manager",
        aliases: &[
            "customer success manager",
            "customer success",
            "vendor manager",
        ],
    },
    RoleInfo {
        id: "engineer",
        name: "Software engineer",
        aliases: &[
            "software engineer",
            "sde",
            "swe",
            "developer",
            "eng",
            "software development engineer",
        ],
    },
];

pub const SHAPES: [(AnswerShape, &str); 3] = [
    (AnswerShape::Star, "star"),
    (AnswerShape::Product, "product"),
    (AnswerShape::Metrics, "metrics"),
];

pub fn shape_name(s: AnswerShape) -> &'static str {
    match s {
        AnswerShape::Star => "star",
        AnswerShape::Product => "product",
        AnswerShape::Metrics => "metrics",
    }
}

/// Folds case, punctuation, "&"/"and" and "the" away so "customer-obsession", "Customer Obsession"
/// and "Invent & Simplify" compare equal to the official names.
pub(crate) fn norm(s: &str) -> String {
    let lowered = s.to_lowercase().replace('&', " and ").replace('\'', "");
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "and" && *w != "the")
        .collect()
}

/// Matches `input` against names (exactly after [`norm`]), then aliases, then a unique prefix
/// of at least 4 characters ("dive" → "Dive Deep").
fn lookup<'a, T: Copy>(
    input: &str,
    names: impl Iterator<Item = (&'a str, T)> + Clone,
    aliases: impl Iterator<Item = (&'a str, T)>,
) -> Option<T> {
    let key = norm(input);
    if key.is_empty() {
        return None;
    }
    if let Some((_, v)) = names.clone().find(|(n, _)| norm(n) == key) {
        return Some(v);
    }
    let mut aliases = aliases;
    if let Some((_, v)) = aliases.find(|(n, _)| norm(n) == key) {
        return Some(v);
    }
    if key.len() >= 4 {
        let mut hits = names.filter(|(n, _)| norm(n).starts_with(&key));
        if let (Some((_, v)), None) = (hits.next(), hits.next()) {
            return Some(v);
        }
    }
    None
}

/// The official name of a Leadership Principle, matched leniently.
pub fn principle(input: &str) -> Option<&'static str> {
    lookup(
        input,
        PRINCIPLES.iter().map(|p| (*p, *p)),
        PRINCIPLE_ALIASES.iter().copied(),
    )
}

/// The id of a round, matched leniently ("Bar Raiser" → "bar-raiser").
pub fn round(input: &str) -> Option<&'static str> {
    lookup(
        input,
        ROUNDS.iter().map(|r| (r.id, r.id)),
        ROUNDS.iter().flat_map(|r| {
            std::iter::once((r.name, r.id)).chain(r.aliases.iter().map(|a| (*a, r.id)))
        }),
    )
}

/// The id of a role, matched leniently ("Product Manager" → "pm").
pub fn role(input: &str) -> Option<&'static str> {
    lookup(
        input,
        ROLES.iter().map(|r| (r.id, r.id)),
        ROLES.iter().flat_map(|r| {
            std::iter::once((r.name, r.id)).chain(r.aliases.iter().map(|a| (*a, r.id)))
        }),
    )
}

pub fn shape(input: &str) -> Option<AnswerShape> {
    let key = norm(input);
    SHAPES.iter().find(|(_, n)| *n == key).map(|(s, _)| *s)
}

/// Joined with " | " because the names themselves contain commas and semicolons.
pub fn principle_list() -> String {
    PRINCIPLES.join(" | ")
}

pub fn round_list() -> String {
    ROUNDS.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

pub fn role_list() -> String {
    ROLES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

pub fn shape_list() -> String {
    SHAPES
        .iter()
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principles_match_leniently() {
        for input in [
            "customer-obsession",
            "Customer Obsession",
            "customer obsession",
            "CUSTOMER_OBSESSION",
            "customer",
        ] {
            assert_eq!(principle(input), Some("Customer Obsession"), "{input}");
        }
        assert_eq!(principle("invent & simplify"), Some("Invent and Simplify"));
        assert_eq!(principle("are-right-a-lot"), Some("Are Right, A Lot"));
        assert_eq!(
            principle("earths best employer"),
            Some("Strive to be Earth's Best Employer")
        );
        assert_eq!(
            principle("Earth's Best Employer"),
            Some("Strive to be Earth's Best Employer")
        );
        assert_eq!(
            principle("disagree and commit"),
            Some("Have Backbone; Disagree and Commit")
        );
        assert_eq!(principle("dive"), Some("Dive Deep"));
        assert_eq!(
            principle("insist on highest standards"),
            Some("Insist on the Highest Standards")
        );
    }

    #[test]
    fn unknown_or_ambiguous_principles_are_rejected() {
        assert_eq!(principle("customer obssession"), None);
        assert_eq!(principle(""), None);
        // "de" is too short to be a prefix; "d" would be ambiguous anyway.
        assert_eq!(principle("de"), None);
    }

    #[test]
    fn every_principle_round_role_matches_itself() {
        for p in PRINCIPLES {
            assert_eq!(principle(p), Some(p));
        }
        for r in ROUNDS {
            assert_eq!(round(r.id), Some(r.id));
            assert_eq!(round(r.name), Some(r.id), "{}", r.name);
            for a in r.aliases {
                assert_eq!(round(a), Some(r.id), "{a}");
            }
        }
        for r in ROLES {
            assert_eq!(role(r.id), Some(r.id));
            assert_eq!(role(r.name), Some(r.id));
        }
    }

    #[test]
    fn rounds_roles_shapes_match_case_insensitively() {
        assert_eq!(round("Bar Raiser"), Some("bar-raiser"));
        assert_eq!(round("PHONE_SCREEN"), Some("phone-screen"));
        assert_eq!(round("Product design & strategy"), Some("product-design"));
        assert_eq!(round("nope"), None);
        assert_eq!(role("Product Manager"), Some("pm"));
        assert_eq!(role("SDE"), Some("engineer"));
        assert_eq!(role("chef"), None);
        assert_eq!(shape("STAR"), Some(AnswerShape::Star));
        assert_eq!(shape("Metrics"), Some(AnswerShape::Metrics));
        assert_eq!(shape("essay"), None);
    }
}
