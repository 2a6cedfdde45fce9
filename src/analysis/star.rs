//! STAR segmentation: score each sentence for each part, then decode the most likely sequence.
//!
//! Scores come from cue phrases (at the start of a sentence they weigh more), grammar (who does
//! what, and in which tense), numbers next to change verbs, and a position prior. A Viterbi
//! decoder over five states — a result *hook* that may open the answer, then Situation, Task,
//! Action, Result — keeps the parts mostly in order while allowing the shapes real answers take:
//! no task, a result up front, a lesson after the result, a step back into action.

use super::star_model::{StarModel, NEG, STATE_NAMES};
use crate::types::Part;
use std::collections::HashSet;

/// Per-sentence input to the segmenter.
pub struct UnitFeatures<'a> {
    /// Normalized words of the sentence.
    pub words: Vec<&'a str>,
    /// Does the sentence state a quantity?
    pub has_number: bool,
    /// Word count (for position).
    pub len: usize,
}

pub const N_STATES: usize = 5;
pub const HOOK: usize = 0;
pub const S: usize = 1;
pub const T: usize = 2;
pub const A: usize = 3;
pub const R: usize = 4;

pub fn state_part(s: usize) -> Part {
    match s {
        S => Part::Situation,
        T => Part::Task,
        A => Part::Action,
        _ => Part::Result,
    }
}

/// Words dropped from the front before matching sentence-start cues.
const LEAD_NOISE: &[&str] = &[
    "and",
    "but",
    "um",
    "uh",
    "umm",
    "uhh",
    "er",
    "erm",
    "ah",
    "well",
    "okay",
    "ok",
    "yeah",
    "right",
    "like",
    "basically",
    "actually",
    "honestly",
    "anyway",
    "alright",
    "now,",
];

/// Sentence-start cues: (phrase, part, weight).
const START_CUES: &[(&str, usize, f64)] = &[
    // Situation: setting the scene.
    ("at my last", S, 2.5),
    ("at my previous", S, 2.5),
    ("at my old", S, 2.5),
    ("at my current", S, 2.5),
    ("at my first", S, 2.5),
    ("at my company", S, 2.0),
    ("at the company", S, 1.5),
    ("at a previous", S, 2.5),
    ("at a startup", S, 2.5),
    ("in my last", S, 2.5),
    ("in my previous", S, 2.5),
    ("in my current", S, 2.0),
    ("in my old", S, 2.5),
    ("in my first", S, 2.0),
    ("in my role", S, 2.0),
    ("in my time", S, 2.0),
    ("when i was", S, 2.0),
    ("when i joined", S, 2.0),
    ("when i started", S, 1.5),
    ("back in", S, 2.5),
    ("back when", S, 2.5),
    ("a few years ago", S, 2.5),
    ("a couple of years ago", S, 2.5),
    ("a couple years ago", S, 2.5),
    ("years ago", S, 2.0),
    ("last year", S, 2.0),
    ("a while ago", S, 2.0),
    ("a while back", S, 2.0),
    ("some time ago", S, 2.0),
    ("at the time", S, 1.5),
    ("at that time", S, 1.5),
    ("at that point", S, 0.8),
    ("this was", S, 1.2),
    ("this is from", S, 2.0),
    ("this story", S, 1.5),
    ("i was working", S, 2.0),
    ("i was the", S, 1.5),
    ("i was a", S, 1.5),
    ("i was an", S, 1.5),
    ("i was on", S, 1.5),
    ("i was part", S, 1.5),
    ("i was one", S, 1.2),
    ("i was leading", S, 1.5),
    ("i was managing", S, 1.5),
    ("i was running", S, 1.2),
    ("i was at", S, 1.5),
    ("i was in", S, 1.0),
    ("i worked at", S, 2.0),
    ("i worked as", S, 2.0),
    ("i used to", S, 1.5),
    ("i joined a", S, 1.5),
    ("i joined an", S, 1.5),
    ("i joined the company", S, 2.0),
    ("i joined the team", S, 2.0),
    ("i had just", S, 1.5),
    ("i'd just", S, 1.5),
    ("i was hired", S, 1.5),
    ("i'm a", S, 1.5),
    ("i am a", S, 1.5),
    ("i manage", S, 1.0),
    ("i lead", S, 1.0),
    ("we had", S, 1.2),
    ("we were", S, 1.2),
    ("we'd", S, 0.8),
    ("we have", S, 1.0),
    ("we've", S, 0.8),
    ("we are", S, 1.0),
    ("we're", S, 1.0),
    ("we ran a", S, 1.0),
    ("our", S, 0.8),
    ("the company", S, 1.2),
    ("the team", S, 0.8),
    ("the product", S, 0.8),
    ("the situation", S, 2.5),
    ("the context", S, 2.5),
    ("the background", S, 2.5),
    ("for context", S, 2.5),
    ("some context", S, 2.5),
    ("a bit of context", S, 2.5),
    ("the problem", S, 1.5),
    ("the issue", S, 1.5),
    ("there was", S, 1.5),
    ("there were", S, 1.5),
    ("there's", S, 1.0),
    ("customers", S, 0.8),
    ("users", S, 0.8),
    ("one of our", S, 1.5),
    ("my team", S, 0.8),
    ("it was", S, 0.6),
    ("previously", S, 1.5),
    ("historically", S, 2.0),
    ("before that", S, 1.0),
    ("during", S, 1.0),
    ("so this was", S, 1.5),
    ("so back", S, 2.0),
    ("so at", S, 1.5),
    ("so when", S, 1.2),
    ("so i was", S, 1.0),
    ("so we had", S, 1.2),
    ("so we were", S, 1.0),
    ("so there", S, 1.2),
    ("so our", S, 1.0),
    // Hook phrasing: the result told first.
    ("the short version", R, 3.5),
    ("long story short", R, 3.5),
    ("this is the story", R, 3.0),
    ("the headline", R, 3.0),
    ("the bottom line", R, 2.5),
    ("in short", R, 2.0),
    ("after three", R, 2.0),
    ("after two", R, 2.0),
    ("after six", R, 2.0),
    ("after a few", R, 1.5),
    ("after about", R, 2.0),
    ("after a month", R, 2.0),
    ("after a year", R, 2.0),
    ("so i had", S, 1.5),
    ("i had a", S, 1.5),
    ("i had an", S, 1.5),
    ("i took over", S, 1.5),
    ("i inherited", S, 1.5),
    ("i wanted", T, 2.0),
    ("i also had to", T, 2.8),
    ("i also needed to", T, 2.8),
    ("i managed", S, 1.8),
    ("i ran a", S, 1.0),
    ("i led a", S, 1.2),
    ("i wanted to", T, 2.5),
    ("i decided i", T, 2.6),
    ("so i decided i", T, 2.6),
    ("i made it my", T, 3.0),
    ("i thought we should", T, 2.5),
    ("i thought it was worth", T, 2.5),
    ("i felt", T, 1.0),
    ("i would own", T, 2.5),
    ("my priority", T, 3.0),
    ("the question was", T, 1.5),
    ("i set myself", T, 3.0),
    ("before we", T, 1.0),
    // Task: what had to be achieved, and by whom.
    ("i knew i had to", T, 3.0),
    ("i knew i needed", T, 3.0),
    ("i knew i", T, 2.2),
    ("i knew we", T, 2.0),
    ("i knew that i", T, 2.5),
    ("i realized i", T, 2.2),
    ("i realised i", T, 2.2),
    ("i felt i", T, 2.2),
    ("i felt it was my", T, 3.0),
    ("i took it upon myself", T, 3.0),
    ("i took it on", T, 2.5),
    ("i took ownership", T, 2.5),
    ("i took on", T, 1.8),
    ("i volunteered to", T, 2.0),
    ("i offered to", T, 1.5),
    ("i stepped up", T, 2.0),
    ("i committed to", T, 1.5),
    ("i was hired to", T, 3.0),
    ("i aimed to", T, 2.5),
    ("my aim", T, 3.0),
    ("the aim", T, 3.0),
    ("my part was", T, 2.5),
    ("my piece", T, 2.0),
    ("what i had to do", T, 3.0),
    ("what we needed", T, 2.0),
    ("the deadline", T, 2.0),
    ("we had a deadline", T, 2.5),
    ("i had two", T, 2.0),
    ("i had three", T, 2.0),
    ("i had a week", T, 2.5),
    ("i had a month", T, 2.5),
    ("i had until", T, 2.5),
    ("i had about", T, 1.5),
    ("we had two", T, 1.5),
    ("we had until", T, 2.5),
    ("we had a week", T, 2.0),
    ("our team was asked", T, 3.0),
    ("we were asked", T, 3.0),
    ("we were tasked", T, 3.0),
    ("the job was", T, 2.5),
    ("i needed a way", T, 2.5),
    ("i had to come up with", T, 2.5),
    ("it was my call", T, 2.0),
    ("it fell on me", T, 3.0),
    ("it was my responsibility", T, 3.0),
    ("my job", T, 3.0),
    ("my role was", T, 2.5),
    ("my role", T, 1.5),
    ("my task", T, 3.0),
    ("my goal", T, 3.0),
    ("the goal", T, 3.0),
    ("our goal", T, 2.8),
    ("the task", T, 3.0),
    ("the objective", T, 3.0),
    ("my objective", T, 3.0),
    ("the mandate", T, 3.0),
    ("my mandate", T, 3.0),
    ("my responsibility", T, 3.0),
    ("the ask", T, 3.0),
    ("my assignment", T, 3.0),
    ("my charter", T, 3.0),
    ("the target", T, 2.0),
    ("the plan was", T, 1.5),
    ("the challenge was", T, 1.2),
    ("my challenge", T, 2.5),
    ("i was asked", T, 3.0),
    ("i got asked", T, 3.0),
    ("i was tasked", T, 3.0),
    ("i was given", T, 2.5),
    ("i got", T, 0.3),
    ("i was brought in", T, 3.0),
    ("i was put in charge", T, 3.0),
    ("i was assigned", T, 3.0),
    ("i was responsible for", T, 2.0),
    ("i was on the hook", T, 3.0),
    ("i was supposed to", T, 3.0),
    ("i was expected to", T, 3.0),
    ("i needed to", T, 2.5),
    ("i need to", T, 2.5),
    ("i had to", T, 2.2),
    ("i have to", T, 2.0),
    ("i set out to", T, 2.5),
    ("i owned", T, 2.0),
    ("i had to figure out", T, 1.0),
    ("it was my job", T, 3.0),
    ("it was on me", T, 3.0),
    ("it fell to me", T, 3.0),
    ("it was up to me", T, 3.0),
    ("we needed to", T, 2.2),
    ("we had to", T, 2.0),
    ("we wanted to", T, 1.2),
    ("what i needed", T, 2.5),
    ("my manager asked", T, 3.0),
    ("my boss asked", T, 3.0),
    ("my director asked", T, 3.0),
    ("my vp asked", T, 3.0),
    ("leadership asked", T, 3.0),
    ("they asked me", T, 3.0),
    ("i was the one", T, 1.5),
    ("so my job", T, 3.0),
    ("so the goal", T, 3.0),
    ("so my goal", T, 3.0),
    ("so my task", T, 3.0),
    ("so i was asked", T, 3.0),
    ("so i needed", T, 2.5),
    ("so i had to", T, 2.0),
    ("so we needed", T, 2.0),
    // Action: what the speaker did.
    ("so i", A, 1.2),
    ("so we", A, 0.8),
    ("so what i did", A, 3.0),
    ("what i did", A, 3.0),
    ("what we did", A, 2.5),
    ("the first thing i", A, 3.0),
    ("the first thing we", A, 2.5),
    ("first i", A, 2.5),
    ("first,", A, 2.0),
    ("first", A, 2.0),
    ("firstly", A, 2.5),
    ("then i", A, 2.0),
    ("then we", A, 1.5),
    ("next i", A, 2.5),
    ("next", A, 1.5),
    ("after that", A, 0.8),
    ("afterwards", A, 1.0),
    ("second", A, 1.5),
    ("secondly", A, 2.0),
    ("third", A, 1.5),
    ("thirdly", A, 2.0),
    ("also", A, 1.0),
    ("i also", A, 2.0),
    ("i decided", A, 2.0),
    ("we decided", A, 1.5),
    ("i started", A, 1.8),
    ("i began", A, 1.8),
    ("i worked with", A, 2.0),
    ("i worked closely", A, 2.0),
    ("i personally", A, 2.0),
    ("i then", A, 2.0),
    ("we then", A, 1.5),
    ("to do that", A, 2.5),
    ("to do this", A, 2.5),
    ("to fix", A, 2.0),
    ("to solve", A, 2.0),
    ("to get there", A, 2.5),
    ("to figure out", A, 1.5),
    ("my approach", A, 2.5),
    ("my plan", A, 1.8),
    ("my first step", A, 3.0),
    ("the first step", A, 2.5),
    ("step one", A, 2.5),
    ("in parallel", A, 2.0),
    ("at the same time", A, 1.2),
    ("meanwhile", A, 1.5),
    ("instead of", A, 1.5),
    ("rather than", A, 1.5),
    ("once", A, 0.6),
    ("finally i", A, 1.0),
    ("lastly", A, 1.5),
    ("on top of that", A, 1.5),
    ("i made sure", A, 2.0),
    ("i spent", A, 1.5),
    ("i sat down", A, 2.0),
    ("i went", A, 1.5),
    ("i reached out", A, 2.0),
    ("i pushed", A, 1.5),
    // Result: what came of it, and the lesson after it.
    ("as a result", R, 3.5),
    ("in the end", R, 3.0),
    ("at the end", R, 2.5),
    ("by the end", R, 2.5),
    ("we ended up", R, 2.5),
    ("i ended up", R, 1.5),
    ("the result", R, 3.5),
    ("the results", R, 3.5),
    ("the outcome", R, 3.5),
    ("the impact", R, 3.0),
    ("the upshot", R, 3.0),
    ("ultimately", R, 2.0),
    ("eventually", R, 1.2),
    ("overall", R, 2.0),
    ("in total", R, 2.0),
    ("all in all", R, 2.5),
    ("that led", R, 2.5),
    ("this led", R, 2.5),
    ("which led", R, 2.5),
    ("that resulted", R, 3.0),
    ("this resulted", R, 3.0),
    ("that meant", R, 1.5),
    ("that cut", R, 2.0),
    ("that reduced", R, 2.5),
    ("this reduced", R, 2.5),
    ("that brought", R, 2.0),
    ("that saved", R, 2.5),
    ("that got", R, 1.2),
    ("that helped", R, 1.5),
    ("it worked", R, 2.0),
    ("it paid off", R, 3.0),
    ("it saved", R, 2.0),
    ("it reduced", R, 2.0),
    ("we saw", R, 2.0),
    ("we went from", R, 2.5),
    ("we hit", R, 2.5),
    ("we beat", R, 2.5),
    ("we exceeded", R, 2.5),
    ("we achieved", R, 2.5),
    ("we reached", R, 2.0),
    ("we reduced", R, 1.5),
    ("we cut", R, 1.0),
    ("we increased", R, 1.5),
    ("we grew", R, 1.5),
    ("we improved", R, 1.5),
    ("we saved", R, 2.0),
    ("we shipped", R, 0.8),
    ("we launched", R, 0.8),
    ("we delivered", R, 1.2),
    ("we managed", R, 1.0),
    ("we were able", R, 1.2),
    ("i was able", R, 0.8),
    ("we won", R, 2.0),
    ("we kept", R, 1.0),
    ("we retained", R, 2.0),
    ("we didn't lose", R, 2.0),
    ("after launch", R, 2.0),
    ("after we launched", R, 2.0),
    ("after we shipped", R, 2.0),
    ("after the launch", R, 2.0),
    ("after the change", R, 2.0),
    ("within", R, 1.0),
    ("later", R, 1.0),
    ("since then", R, 2.0),
    ("today", R, 1.5),
    ("to this day", R, 2.5),
    ("now", R, 0.8),
    ("customers loved", R, 2.0),
    ("the feedback", R, 1.5),
    ("feedback", R, 1.0),
    ("leadership", R, 0.5),
    ("the team adopted", R, 2.0),
    ("it became", R, 1.5),
    ("it's now", R, 2.0),
    ("it is now", R, 2.0),
    ("it's still", R, 2.0),
    ("it's been", R, 1.2),
    ("i got promoted", R, 3.0),
    ("i was promoted", R, 3.0),
    ("latency", R, 0.5),
    ("conversion", R, 0.5),
    ("churn", R, 0.5),
    ("revenue", R, 0.5),
    ("i learned", R, 3.0),
    ("i learnt", R, 3.0),
    ("what i learned", R, 3.5),
    ("what i took away", R, 3.5),
    ("the lesson", R, 3.5),
    ("the big lesson", R, 3.5),
    ("the biggest lesson", R, 3.5),
    ("one lesson", R, 3.5),
    ("my takeaway", R, 3.5),
    ("the takeaway", R, 3.5),
    ("my big takeaway", R, 3.5),
    ("looking back", R, 3.5),
    ("in hindsight", R, 3.5),
    ("in retrospect", R, 3.5),
    ("next time", R, 3.0),
    ("if i did", R, 3.0),
    ("if i had", R, 2.5),
    ("if i were", R, 2.5),
    ("if i could", R, 2.5),
    ("i would", R, 1.5),
    ("i'd do", R, 2.5),
    ("i now", R, 2.0),
    ("i still", R, 1.5),
    ("now i", R, 2.0),
    ("since then i", R, 3.0),
    ("that taught", R, 3.0),
    ("this taught", R, 3.0),
    ("it taught", R, 3.0),
    ("that experience", R, 2.0),
    ("so in the end", R, 3.0),
    ("so overall", R, 2.5),
    ("so ultimately", R, 2.5),
    ("so the result", R, 3.5),
    ("so that", R, 0.3),
];

/// Cues anywhere in the sentence: (phrase, part, weight). Matched on word boundaries.
const ANY_CUES: &[(&str, usize, f64)] = &[
    ("was losing", S, 1.2),
    ("were losing", S, 1.2),
    ("complaining", S, 1.2),
    ("complaints", S, 1.0),
    ("complained", S, 1.0),
    ("escalations", S, 0.8),
    ("struggling", S, 1.0),
    ("were seeing", S, 1.0),
    ("was seeing", S, 1.0),
    ("had been", S, 1.0),
    ("was getting", S, 0.8),
    ("were getting", S, 0.8),
    ("was taking", S, 1.0),
    ("were taking", S, 1.0),
    ("was using", S, 0.8),
    ("were using", S, 0.8),
    ("at the time", S, 1.0),
    ("back then", S, 1.5),
    ("the problem was", S, 1.2),
    ("the issue was", S, 1.2),
    ("wasn't", S, 0.5),
    ("weren't", S, 0.5),
    ("didn't have", S, 0.8),
    ("there was no", S, 1.0),
    ("nobody owned", S, 1.2),
    ("no one owned", S, 1.2),
    ("kept", S, 0.5),
    ("was slow", S, 1.0),
    ("was stuck", S, 1.0),
    ("were stuck", S, 1.0),
    ("was behind", S, 1.0),
    ("were behind", S, 1.0),
    ("was declining", S, 1.2),
    ("was dropping", S, 1.2),
    ("was growing", S, 0.8),
    ("was rising", S, 1.2),
    ("were rising", S, 1.2),
    ("had grown", S, 1.2),
    ("had dropped", S, 1.5),
    ("had fallen", S, 1.5),
    ("had increased", S, 1.2),
    ("had gone", S, 1.0),
    ("had started", S, 0.8),
    ("was costing", S, 1.5),
    ("were costing", S, 1.5),
    ("was responsible for", S, 0.5),
    ("reported to", S, 1.0),
    ("every week", S, 0.3),
    ("was asked to", T, 2.0),
    ("were asked to", T, 1.5),
    ("asked me to", T, 2.0),
    ("tasked with", T, 2.0),
    ("needed to", T, 1.2),
    ("had to", T, 1.0),
    ("responsible for", T, 0.6),
    ("in charge of", T, 1.0),
    ("charged with", T, 1.5),
    ("up to me", T, 1.5),
    ("on me to", T, 1.5),
    ("my job", T, 1.5),
    ("my goal", T, 1.5),
    ("goal was", T, 1.5),
    ("was to", T, 1.0),
    ("deadline", T, 0.8),
    ("in time for", T, 1.0),
    ("before the", T, 0.4),
    ("make sure", T, 0.4),
    ("figure out", T, 0.5),
    ("without", T, 0.3),
    ("target", T, 0.6),
    ("so i had to", T, 1.2),
    ("so i needed to", T, 1.2),
    ("so i wanted to", T, 1.0),
    ("so my job", T, 1.0),
    ("and my job", T, 1.2),
    ("and my goal", T, 1.2),
    ("and i had to", T, 0.8),
    ("and i needed to", T, 0.8),
    ("knew i had to", T, 1.5),
    ("knew i needed to", T, 1.5),
    ("i needed to make sure", T, 0.8),
    ("my responsibility", T, 1.5),
    ("had to deliver", T, 1.0),
    ("by the deadline", T, 1.0),
    // Ownership idioms: the work came to the speaker, or they claimed it.
    ("landed on my desk", T, 2.5),
    ("landed on me", T, 2.5),
    ("came down to me", T, 2.5),
    ("put my hand up", T, 2.5),
    ("raised my hand", T, 2.0),
    ("signed up for", T, 1.5),
    ("set the goal", T, 2.5),
    ("the bar i set", T, 2.5),
    ("handed me", T, 1.5),
    ("was mine", T, 1.5),
    ("made it my job", T, 2.5),
    ("made it my goal", T, 2.5),
    ("made it my priority", T, 2.5),
    ("i was going to own", T, 2.0),
    ("own it", T, 1.0),
    ("take it on", T, 1.5),
    ("i wanted to", T, 1.2),
    ("decided i", T, 1.5),
    ("decided that i", T, 1.5),
    ("decided we", T, 0.8),
    ("the story of how", R, 3.0),
    ("stopped", R, 0.6),
    ("finished", R, 0.6),
    ("started using", R, 1.2),
    ("picked up", R, 0.5),
    ("asked for it", R, 1.0),
    ("as a result", R, 2.0),
    ("which reduced", R, 2.0),
    ("which cut", R, 2.0),
    ("which increased", R, 2.0),
    ("which brought", R, 2.0),
    ("which saved", R, 2.0),
    ("which meant", R, 1.0),
    ("resulted in", R, 2.0),
    ("led to", R, 1.2),
    ("ended up", R, 1.0),
    ("went down", R, 1.0),
    ("went up", R, 1.0),
    ("dropped", R, 1.0),
    ("fell", R, 1.0),
    ("decreased", R, 1.0),
    ("increased", R, 0.8),
    ("improved", R, 1.0),
    ("grew", R, 0.8),
    ("rose", R, 1.0),
    ("doubled", R, 1.0),
    ("halved", R, 1.0),
    ("tripled", R, 1.0),
    ("saved", R, 1.0),
    ("reduced", R, 0.8),
    ("climbed", R, 1.0),
    ("jumped", R, 0.8),
    ("went from", R, 1.2),
    ("down to", R, 0.8),
    ("on time", R, 1.0),
    ("ahead of schedule", R, 1.5),
    ("under budget", R, 1.5),
    ("promoted", R, 1.5),
    ("adopted", R, 1.0),
    ("renewed", R, 1.5),
    ("retained", R, 1.0),
    ("praised", R, 1.0),
    ("recognized", R, 0.8),
    ("award", R, 1.0),
    ("lesson", R, 2.0),
    ("learned", R, 1.2),
    ("taught me", R, 2.5),
    ("takeaway", R, 2.0),
    ("would have", R, 1.0),
    ("next time", R, 1.5),
    ("still use", R, 1.5),
    ("still uses", R, 1.5),
    ("still using", R, 1.5),
    ("standard", R, 0.5),
    ("happier", R, 1.0),
    ("thanked", R, 1.0),
    ("successful", R, 1.0),
    ("success", R, 0.8),
    ("impact", R, 0.6),
    ("improvement", R, 0.8),
    ("a lot better", R, 1.0),
    ("much better", R, 1.0),
    ("significant", R, 0.8),
    ("significantly", R, 0.8),
];

/// Past-tense verbs that describe doing something (not being or having).
const IRREGULAR_PAST: &[&str] = &[
    "built",
    "wrote",
    "ran",
    "met",
    "set",
    "made",
    "took",
    "led",
    "brought",
    "went",
    "sat",
    "spoke",
    "told",
    "found",
    "got",
    "gave",
    "drove",
    "kept",
    "sent",
    "began",
    "chose",
    "put",
    "cut",
    "spent",
    "sought",
    "bought",
    "dug",
    "held",
    "split",
    "shut",
    "rebuilt",
    "rewrote",
    "undertook",
    "thought",
    "paid",
    "laid",
    "caught",
    "taught",
    "fought",
    "stood",
    "left",
    "won",
];

/// "-ed" words that are not actions by the speaker.
const NOT_ACTION_ED: &[&str] = &[
    "needed",
    "wanted",
    "learned",
    "realized",
    "realised",
    "noticed",
    "used",
    "seemed",
    "happened",
    "tasked",
    "asked",
    "supposed",
    "expected",
    "assigned",
    "responsible",
    "based",
    "called",
    "named",
    "worked",
    "started",
    "involved",
    "owned",
    "hired",
    "promoted",
    "loved",
    "reduced",
    "increased",
    "improved",
    "dropped",
    "decreased",
    "doubled",
    "tripled",
    "saved",
    "succeeded",
    "exceeded",
    "achieved",
    "renewed",
    "retained",
    "ended",
    "resulted",
    "impressed",
    "excited",
    "thrilled",
    "interested",
    "concerned",
    "worried",
    "frustrated",
    "stressed",
    "tired",
    "shocked",
    "surprised",
    "pleased",
    "satisfied",
    "missed",
    "lacked",
    "tried",
];

fn is_action_verb(w: &str) -> bool {
    if IRREGULAR_PAST.contains(&w) {
        return true;
    }
    w.len() > 4 && w.ends_with("ed") && !NOT_ACTION_ED.contains(&w)
}

/// Action verbs in the present ("I take", "she shows" is not counted: the subject is I/we).
/// Not "work", "manage", "lead", "own": "I work at a bank" sets the scene.
const PRESENT_ACTION: &[&str] = &[
    "take", "go", "call", "ask", "tell", "say", "show", "put", "make", "build", "write", "send",
    "meet", "start", "check", "look", "pull", "set", "bring", "sit", "find", "give", "try", "move",
    "change", "create", "prepare", "explain", "fix", "test", "review", "propose", "analyze",
    "analyse", "split", "push", "talk", "organize", "organise", "schedule", "contact", "correct",
    "adjust", "collect", "decide", "escalate", "offer", "present", "rewrite",
];

fn is_present_action(w: &str) -> bool {
    PRESENT_ACTION.contains(&w)
        || w.strip_suffix('s').is_some_and(|b| {
            PRESENT_ACTION.contains(&b)
                || b.strip_suffix('e')
                    .is_some_and(|b| PRESENT_ACTION.contains(&b))
        })
}

/// Words that name a stretch of time or a point in the calendar.
const TIME_WORDS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "quarter",
    "quarters",
    "year",
    "years",
    "sprint",
    "sprints",
    "season",
    "summer",
    "winter",
    "spring",
    "fall",
    "autumn",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "q1",
    "q2",
    "q3",
    "q4",
    "launch",
    "deadline",
    "holidays",
    "christmas",
];

/// Does the sentence open by letting time pass ("By December", "Within a month", "Two weeks
/// later", "Over the next quarter")? Speakers start their outcome that way far
/// more often than their actions.
fn time_lapse(words: &[&str]) -> bool {
    let head: Vec<&str> = words.iter().take(6).copied().collect();
    let time_at = |k: usize| head.get(k).is_some_and(|w| TIME_WORDS.contains(w));
    let first = head.first().copied().unwrap_or("");
    // "by/within/over/after [the|a|about|next|following|N] <time>"
    if matches!(first, "by" | "within" | "over" | "after") {
        return (1..5).any(time_at);
    }
    // "<N> <time> later", "a few months later"
    head.windows(2)
        .any(|p| TIME_WORDS.contains(&p[0]) && p[1] == "later")
}

fn has_phrase(hay: &str, phrase: &str) -> bool {
    // `hay` is " w1 w2 ... ": a match must have a space on both sides (word boundaries).
    let phrase = phrase.trim_end_matches(',');
    hay.match_indices(phrase)
        .any(|(i, _)| hay[..i].ends_with(' ') && hay[i + phrase.len()..].starts_with(' '))
}

/// Does `head` (" w1 w2 ... ") start with the phrase as whole words?
fn starts_with_phrase(head: &str, phrase: &str) -> bool {
    let phrase = phrase.trim_end_matches(',');
    head.strip_prefix(' ')
        .and_then(|h| h.strip_prefix(phrase))
        .is_some_and(|rest| rest.starts_with(' '))
}

/// Filler words removed before matching cues ("um, so I" reads as "so I").
const SKIP: &[&str] = &[
    "um",
    "umm",
    "uh",
    "uhh",
    "uhm",
    "er",
    "erm",
    "ah",
    "hmm",
    "mm",
    "basically",
    "honestly",
];

/// The sentence's words without fillers, "you know"/"I mean", and stutters ("I, I went").
fn clean<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(words.len());
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        let next = words.get(k + 1).copied().unwrap_or("");
        if SKIP.contains(&w) {
            k += 1;
            continue;
        }
        if (w == "you" && next == "know") || (w == "i" && next == "mean") {
            k += 2;
            continue;
        }
        if out.last() == Some(&w) && !w.chars().any(|c| c.is_ascii_digit()) {
            k += 1;
            continue;
        }
        out.push(w);
        k += 1;
    }
    out
}

/// Words before "I"/"we" that make it a subordinate clause ("when I asked him").
const SUBORDINATE: &[&str] = &[
    "when", "if", "that", "what", "which", "because", "as", "after", "before", "while", "until",
    "once", "since", "how", "why", "where", "who", "whether", "though", "although",
];

/// One observation feature of a sentence: a name and its value (1.0 for a present cue).
pub type Feature = (String, f64);

/// Describes a sentence as named features; the model weighs each one per state.
///
/// Cue features keep the hand-built tables' shape: for each part only the strongest matching
/// sentence-start cue fires, every matching anywhere-cue fires. Grammar, number and position
/// features say who acts, whether a quantity moved, and where in the answer the sentence sits.
pub fn features(u: &UnitFeatures, pos: f64, last: bool) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::with_capacity(32);
    let words = clean(&u.words);
    let mut start = 0;
    while start < words.len() && LEAD_NOISE.contains(&words[start]) {
        start += 1;
    }
    let head1 = format!(" {} ", words[start..].join(" "));
    // The same head without a leading "so"/"then", so "so my job was" finds "my job".
    let mut s2 = start;
    while s2 < words.len() && matches!(words[s2], "so" | "then" | "and" | "but") {
        s2 += 1;
    }
    let head2 = format!(" {} ", words[s2..].join(" "));
    let all = format!(" {} ", words.join(" "));

    // Start cues: the strongest matching cue per part counts once.
    let mut best_start: [Option<(&str, f64, f64)>; N_STATES] = [None; N_STATES];
    for &(cue, part, w) in START_CUES {
        let hit = if starts_with_phrase(&head1, cue) {
            1.0
        } else if s2 > start && starts_with_phrase(&head2, cue) {
            0.9
        } else {
            continue;
        };
        if best_start[part].map_or(true, |(_, bw, bv)| w * hit > bw * bv) {
            best_start[part] = Some((cue, w, hit));
        }
    }
    for (cue, _, v) in best_start.iter().flatten() {
        out.push((format!("s:{cue}"), *v));
    }
    // The same cues where a later clause opens ("It wasn't my area, but nobody owned it, so I
    // decided I'd own it"): one feature per part, valued by the strongest cue.
    let mut best_clause = [0.0f64; N_STATES];
    for k in start + 2..words.len() {
        if !CLAUSE_JOINERS.contains(&words[k - 1]) {
            continue;
        }
        let head = format!(" {} ", words[k..].join(" "));
        for &(cue, part, w) in START_CUES {
            if w > best_clause[part] && starts_with_phrase(&head, cue) {
                best_clause[part] = w;
            }
        }
    }
    for (p, w) in best_clause.iter().enumerate() {
        if *w > 0.0 {
            out.push((format!("cs:{}", STATE_NAMES[p]), *w));
        }
    }
    for &(cue, _, _) in ANY_CUES {
        if has_phrase(&all, cue) {
            out.push((format!("a:{cue}"), 1.0));
        }
    }

    // Grammar: who acts, and how.
    let mut i_action = false;
    let mut we_action = false;
    let mut other_past = false;
    let mut stative = false;
    let mut had_change = false;
    let mut modal_future = false;
    let mut i_verb = None;
    let mut present_action = false;
    for (k, w) in words.iter().enumerate() {
        let prev = if k > 0 { words[k - 1] } else { "" };
        let next = words.get(k + 1).copied().unwrap_or("");
        let next2 = words.get(k + 2).copied().unwrap_or("");
        let subj_i = *w == "i";
        let subj_we = *w == "we";
        // "I quickly built", "we then ran"
        let verb = if next.ends_with("ly") || matches!(next, "then" | "also" | "first" | "just") {
            next2
        } else {
            next
        };
        if (subj_i || subj_we) && !SUBORDINATE.contains(&prev) {
            if subj_i && i_verb.is_none() && !verb.is_empty() {
                i_verb = Some(verb);
            }
            // "I decided I would own it" sets the task; "I decided to cut X" is an action.
            let after_verb = words.get(k + 2).copied().unwrap_or("");
            let decided_clause = verb == "decided" && matches!(after_verb, "i" | "we" | "that");
            if is_action_verb(verb) && !decided_clause {
                if subj_i {
                    i_action = true;
                } else {
                    we_action = true;
                }
            }
            // Historical present and non-native tense: "so I go to him", "I take the data".
            if is_present_action(verb) {
                present_action = true;
            }
            if matches!(verb, "would" | "will" | "should") {
                modal_future = true;
            }
        }
        if k <= 4 && !subj_i && !subj_we && is_action_verb(next) && !STATIVE_SUBJ.contains(w) {
            other_past = true;
        }
        if matches!(*w, "was" | "were" | "is" | "are") || (*w == "had" && next != "to") {
            stative = true;
        }
        if *w == "had"
            && (next.ends_with("ed") || matches!(next, "been" | "grown" | "fallen" | "gone"))
        {
            had_change = true;
        }
        if matches!(*w, "i'd" | "i'll") {
            modal_future = true;
        }
    }
    let mut flag = |name: &str, on: bool, v: f64| {
        if on {
            out.push((name.to_string(), v));
        }
    };
    flag("g:i_action", i_action, 1.0);
    flag("g:we_action", we_action, 1.0);
    flag(
        "g:present_action",
        present_action && !i_action && !we_action,
        1.0,
    );
    flag("g:time_lapse", time_lapse(&words[s2..]), 1.0);
    flag("g:stative_only", stative && !i_action && !we_action, 1.0);
    flag("g:had_change", had_change, 1.0);
    flag("g:ongoing", ongoing(&words), 1.0);
    flag(
        "g:unfinished",
        UNFINISHED.iter().any(|c| has_phrase(&all, c)),
        1.0,
    );
    // Future/conditional and someone else's deed weigh more the later they come: "I'd do it
    // earlier next time", "the vendor managers started using it".
    flag("g:modal_late", modal_future, pos);
    flag(
        "g:other_past_late",
        other_past && !i_action && !we_action,
        pos,
    );

    // Numbers: a quantity goes with the outcome, and (less) with the pain that set things up.
    // A change verb, or "from <number>": the number is a movement, not a level.
    let change = CHANGE_WORDS.iter().any(|c| has_phrase(&all, c))
        || words
            .iter()
            .enumerate()
            .any(|(k, w)| *w == "from" && words[k + 1..].iter().take(3).any(|x| numberish(x)));
    let moved = u.has_number && change && !had_change;
    flag("n:moved", moved, 1.0);
    flag("n:level", u.has_number && !moved, 1.0);

    // Position: smooth shapes plus coarse bins the weights can bend.
    flag("p:bias", true, 1.0);
    flag("p:pos", true, pos);
    flag("p:pos_min08", true, pos.min(0.8));
    flag("p:dist02", true, (pos - 0.2).abs());
    flag("p:dist055", true, (pos - 0.55).abs());
    flag("p:last", last, 1.0);
    flag(
        &format!("p:bin{}", ((pos * 10.0) as usize).min(9)),
        true,
        1.0,
    );

    // Light lexical evidence the hand tables may lack: the opening words and the speaker's verb.
    let lead: Vec<&str> = words[s2..].iter().take(2).copied().collect();
    if let Some(w1) = lead.first() {
        out.push((format!("w1:{w1}"), 1.0));
        if let Some(w2) = lead.get(1) {
            out.push((format!("w2:{w1} {w2}"), 1.0));
        }
    }
    if let Some(v) = i_verb {
        out.push((format!("iv:{v}"), 1.0));
    }
    // Every clause a speaker opens ("..., and I had to", "so we built"): who, and which verb.
    let mut seen: HashSet<String> = HashSet::new();
    let mut lexical: Vec<String> = Vec::new();
    let mut add = |f: String| {
        if seen.insert(f.clone()) {
            lexical.push(f);
        }
    };
    for k in 1..words.len() {
        let (w, next) = (words[k], words.get(k + 1).copied().unwrap_or(""));
        if matches!(
            words[k - 1],
            "and" | "so" | "but" | "because" | "then" | "until"
        ) && matches!(w, "i" | "we" | "my" | "our" | "it" | "they")
            && !next.is_empty()
        {
            add(format!("c:{w} {next}"));
        }
    }
    // The words themselves: "mine", "myself", "handed", "deadline" say more than any one cue.
    for w in &words {
        let w = if w.chars().any(|c| c.is_ascii_digit()) {
            "<num>"
        } else {
            w
        };
        add(format!("u:{w}"));
    }
    for p in words.windows(2) {
        add(format!("b:{} {}", p[0], p[1]));
    }
    out.extend(lexical.into_iter().map(|f| (f, 1.0)));
    let len_bin = match words.len() {
        0..=7 => "len:short",
        8..=30 => "len:mid",
        _ => "len:long",
    };
    out.push((len_bin.to_string(), 1.0));
    out
}

/// Work still under way when the story stops: "we're rolling it out", "I'm prototyping",
/// "we were still working through the fix". An answer that ends there has no result yet.
fn ongoing(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(k, w)| {
        let be = match *w {
            "i'm" | "we're" | "they're" => 1,
            "am" | "are" if k > 0 && matches!(words[k - 1], "i" | "we" | "they") => 1,
            "was" | "were" if words.get(k + 1) == Some(&"still") => 1,
            _ => 0,
        };
        be > 0
            && words[k + 1..]
                .iter()
                .take(3)
                .skip_while(|x| matches!(**x, "still" | "now" | "currently" | "just" | "also"))
                .take(1)
                .any(|x| x.len() > 4 && x.ends_with("ing"))
    }) || ["at the moment", "right now", "as we speak"]
        .iter()
        .any(|c| has_phrase(&format!(" {} ", words.join(" ")), c))
}

/// Phrases that say the outcome is not known or not reached: "when I left", "I never saw how
/// it landed", "we'll see".
const UNFINISHED: &[&str] = &[
    "when i left",
    "before i left",
    "moved on",
    "got moved",
    "was moved",
    "never saw",
    "never got to",
    "didn't get to",
    "did not get to",
    "don't have the",
    "don't know how",
    "don't know if",
    "we'll see",
    "too early",
    "not yet",
    "yet to",
    "the plan was to",
    "the plan is",
    "next month",
    "next quarter",
    "next step",
];

/// Words after which a new clause, with its own cue, may start.
const CLAUSE_JOINERS: &[&str] = &["and", "so", "but", "because", "since", "then", "while"];

/// The hand-set weight of every feature, per state: the tables' cue weights, and the grammar,
/// number and position terms. This is the prior the trained weights start from.
pub(crate) fn prior_weights() -> Vec<(String, [f64; N_STATES])> {
    // A result cue also marks a result told first as a hook.
    let cue = |part: usize, w: f64| {
        let mut a = [0.0; N_STATES];
        a[part] = w;
        if part == R {
            a[HOOK] = w;
        }
        a
    };
    let mut out: Vec<(String, [f64; N_STATES])> = Vec::new();
    for &(c, p, w) in START_CUES {
        out.push((format!("s:{c}"), cue(p, w)));
    }
    for &(c, p, w) in ANY_CUES {
        out.push((format!("a:{c}"), cue(p, w)));
    }
    //                    HOOK    S     T     A     R
    let fixed: &[(&str, [f64; N_STATES])] = &[
        // A cue opening a later clause counts for less than one opening the sentence.
        ("cs:situation", [0.0, 0.3, 0.0, 0.0, 0.0]),
        ("cs:task", [0.0, 0.0, 0.4, 0.0, 0.0]),
        ("cs:action", [0.0, 0.0, 0.0, 0.2, 0.0]),
        ("cs:result", [0.2, 0.0, 0.0, 0.0, 0.2]),
        ("g:i_action", [0.0, 0.0, 0.0, 1.2, 0.0]),
        ("g:we_action", [0.0, 0.0, 0.0, 0.7, 0.0]),
        ("g:present_action", [0.0, 0.0, 0.0, 0.8, 0.0]),
        ("g:time_lapse", [0.8, 0.0, 0.0, 0.0, 0.8]),
        ("g:stative_only", [0.0, 0.5, 0.0, 0.0, 0.0]),
        ("g:had_change", [0.0, 0.8, 0.0, 0.0, 0.0]),
        ("g:modal_late", [0.6, 0.0, 0.0, 0.0, 0.6]),
        ("g:other_past_late", [0.8, 0.0, 0.0, 0.0, 0.8]),
        // "I cut latency by 85%" as an opener is a headline, not the scene.
        ("n:moved", [2.5, 0.0, 0.0, 0.0, 1.5]),
        ("n:level", [0.3, 0.3, 0.0, 0.0, 0.3]),
        // Situation early, task near the start, action in the middle, result late; a Task
        // needs evidence. The hook is a result told first: no late prior, falls off fast.
        ("p:bias", [-0.7, 0.6, -0.3, 0.5, -1.9]),
        ("p:pos", [-4.0, 0.0, 0.0, 0.0, 3.0]),
        ("p:pos_min08", [0.0, -2.0, 0.0, 0.0, 0.0]),
        ("p:dist02", [0.0, 0.0, -1.5, 0.0, 0.0]),
        ("p:dist055", [0.0, 0.0, 0.0, -1.2, 0.0]),
        // Answers end on their outcome far more often than not.
        ("p:last", [0.6, 0.0, 0.0, 0.0, 0.6]),
    ];
    out.extend(fixed.iter().map(|(n, w)| (n.to_string(), *w)));
    out
}

const CHANGE_WORDS: &[&str] = &[
    "dropped",
    "fell",
    "decreased",
    "reduced",
    "cut",
    "increased",
    "grew",
    "rose",
    "improved",
    "went",
    "doubled",
    "halved",
    "tripled",
    "saved",
    "climbed",
    "jumped",
    "shrank",
    "lifted",
    "boosted",
    "finished",
    "stopped",
    "higher",
    "lower",
];

/// Looks like part of a number: digits, or a spoken number word.
fn numberish(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        || matches!(
            w,
            "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "fifteen"
                | "twenty"
                | "thirty"
                | "forty"
                | "fifty"
                | "sixty"
                | "seventy"
                | "eighty"
                | "ninety"
                | "hundred"
                | "half"
                | "about"
                | "around"
                | "roughly"
                | "nearly"
                | "almost"
                | "over"
                | "under"
        )
}

/// Subjects after which a past verb is part of the set-up, not an outcome.
const STATIVE_SUBJ: &[&str] = &["there", "it", "which", "that", "who", "this"];

/// Hand-set log-potential of moving from one state to the next (`NEG` = not allowed).
#[rustfmt::skip]
pub(crate) const TRANS_PRIOR: [[f64; N_STATES]; N_STATES] = [
    //  HOOK   S     T     A     R
    [   0.0, -0.1, -0.8, -1.5, NEG ], // from HOOK
    [   NEG,  0.0, -0.6, -1.2, -2.5 ], // from S
    [   NEG, -2.0,  0.0, -0.6, -1.5 ], // from T
    [   NEG, -3.5, -2.5,  0.0, -0.8 ], // from A
    [   NEG, -4.5, -4.0, -1.6,  0.0 ], // from R
];
pub(crate) const START_PRIOR: [f64; N_STATES] = [-0.2, 0.0, -0.6, -1.0, -3.0];

/// The features of every sentence, with its place in the answer (by words).
pub fn answer_features(units: &[UnitFeatures]) -> Vec<Vec<Feature>> {
    let total: usize = units.iter().map(|u| u.len.max(1)).sum();
    let mut acc = 0usize;
    units
        .iter()
        .map(|u| {
            let centre = acc as f64 + u.len.max(1) as f64 / 2.0;
            acc += u.len.max(1);
            features(u, centre / total as f64, acc == total)
        })
        .collect()
}

/// Decodes states (hook, situation, task, action, result) for sentences' features.
pub fn decode_states(model: &StarModel, feats: &[Vec<Feature>]) -> Vec<usize> {
    let em: Vec<[f64; N_STATES]> = feats.iter().map(|f| model.emissions(f)).collect();
    model.decode(&em)
}

/// Labels each sentence with a STAR part.
pub fn segment(units: &[UnitFeatures], model: &StarModel) -> Vec<Part> {
    decode_states(model, &answer_features(units))
        .into_iter()
        .map(state_part)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(sentences: &[&str], numbers: &[bool]) -> Vec<Part> {
        let normed: Vec<Vec<String>> = sentences
            .iter()
            .map(|s| {
                s.split_whitespace()
                    .map(crate::analysis::tokens::normalize)
                    .collect()
            })
            .collect();
        let units: Vec<UnitFeatures> = normed
            .iter()
            .zip(numbers)
            .map(|(w, &n)| UnitFeatures {
                words: w.iter().map(|s| s.as_str()).collect(),
                has_number: n,
                len: w.len(),
            })
            .collect();
        segment(&units, StarModel::shipped())
    }

    fn feature_names(sentence: &str) -> Vec<String> {
        let words: Vec<String> = sentence
            .split_whitespace()
            .map(crate::analysis::tokens::normalize)
            .collect();
        let u = UnitFeatures {
            words: words.iter().map(|s| s.as_str()).collect(),
            has_number: false,
            len: words.len(),
        };
        features(&u, 0.5, false)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn present_tense_deeds_count_as_action_but_a_present_job_does_not() {
        let has = |s: &str| feature_names(s).contains(&"g:present_action".to_string());
        assert!(has(
            "I take the data of six months and I check it by customer."
        ));
        assert!(has("So I go to my manager and I tell him straight."));
        assert!(has("Then she shows me the logs and I checks them."));
        assert!(!has("I work at a bank and I manage a team of five."));
        assert!(!has("When I take a call, the script is long."));
        // A past-tense deed already says action.
        assert!(!has("I took the data and I put it together."));
    }

    #[test]
    fn work_still_under_way_is_told_apart_from_an_outcome() {
        let ongoing = |s: &str| feature_names(s).contains(&"g:ongoing".to_string());
        assert!(ongoing(
            "And at the moment we're rolling that setup out to the other two services."
        ));
        assert!(ongoing("So I'm prototyping that with one of our engineers."));
        assert!(ongoing(
            "We were still working through the mapping fix when the quarter ended."
        ));
        assert!(!ongoing("We rolled it out to the other two services."));
        assert!(!ongoing("I'm proud of how the team took it."));
        let unfinished = |s: &str| feature_names(s).contains(&"g:unfinished".to_string());
        assert!(unfinished(
            "I got moved to another region, so I never saw how it landed."
        ));
        assert!(unfinished("And I don't have the final numbers."));
        assert!(!unfinished("Churn fell from 9% to 4% by the end of the year."));
    }

    #[test]
    fn time_passing_at_the_start_reads_as_an_outcome() {
        let has = |s: &str| feature_names(s).contains(&"g:time_lapse".to_string());
        assert!(has("By December she was running the review on her own."));
        assert!(has("And within a couple of weeks the queue was empty."));
        assert!(has("Two months later they renewed."));
        assert!(has("So after about three weeks the errors stopped."));
        assert!(!has("By then I had called every customer."));
        assert!(!has("I spent two weeks on it."));
    }

    #[test]
    fn classic_order() {
        use Part::*;
        let p = label(
            &[
                "At my last job I was the PM for checkout in our European marketplace.",
                "Customers were complaining that checkout took twelve seconds.",
                "My job was to get latency down before the holiday peak.",
                "So I pulled the traces and found the image service was the bottleneck.",
                "I worked with the infra team to move images to a CDN.",
                "As a result latency dropped to 1.8 seconds and abandonment fell 3 percent.",
            ],
            &[false, true, false, false, false, true],
        );
        assert_eq!(p, vec![Situation, Situation, Task, Action, Action, Result]);
    }

    #[test]
    fn hook_then_story() {
        use Part::*;
        let p = label(
            &[
                "I cut our checkout latency by 85 percent in six weeks.",
                "At my last job customers were abandoning carts because checkout was slow.",
                "I needed to fix it before the holiday peak.",
                "I profiled the service and rewrote the image pipeline.",
                "Latency dropped to 1.8 seconds.",
            ],
            &[true, false, false, false, true],
        );
        assert_eq!(p[0], Result);
        assert_eq!(p[1], Situation);
        assert_eq!(p[4], Result);
    }

    #[test]
    fn no_task_stays_without_task() {
        let p = label(
            &[
                "At my last company our onboarding was confusing and churn was high.",
                "So I interviewed ten customers and mapped where they got stuck.",
                "Then I rewrote the setup wizard with the design team.",
                "In the end churn fell by two points.",
            ],
            &[false, true, false, true],
        );
        assert!(!p.contains(&Part::Task), "{p:?}");
    }

    #[test]
    fn empty_is_empty() {
        assert!(segment(&[], &StarModel::prior()).is_empty());
    }
}
