//! What a refused value or file says, from the text table in both
//! languages. The English words are also the errors' `Display`, for logs
//! and tests; the model and the bundle reader only name the problem.

use std::fmt;

use super::{count, fill, Lang, Noun, T};
use crate::bundle::{ImportError, MAX_BYTES};
use crate::model::{FieldError, Problem, SCHEMA_VERSION};

/// A validation problem as a sentence in the UI language.
pub fn problem(lang: Lang, p: &Problem) -> String {
    let t = |k: T| lang.t(k).to_string();
    match p {
        Problem::Required => t(T::ProblemRequired),
        Problem::TooLong { max } => fill(lang.t(T::ProblemTooLong), &[("max", max)]),
        Problem::TooMany { max } => fill(lang.t(T::ProblemTooMany), &[("max", max)]),
        Problem::NotEmail => t(T::ProblemNotEmail),
        Problem::NotPhone => t(T::ProblemNotPhone),
        Problem::NotWebUrl => t(T::ProblemNotWebUrl),
        Problem::NotDate => t(T::ProblemNotDate),
        Problem::NotAChoice => t(T::ProblemNotAChoice),
        Problem::ChangedSince => t(T::ProblemChangedSince),
        Problem::NotLinkedIn => t(T::ProblemNotLinkedIn),
        Problem::BadIco => t(T::ProblemBadIco),
        Problem::BadDic => t(T::ProblemBadDic),
        Problem::BadTag => t(T::ProblemBadTag),
        Problem::Missing => t(T::ProblemMissing),
        Problem::DuplicateId => t(T::ProblemDuplicateId),
        Problem::OutOfRange { min, max } => fill(lang.t(T::ProblemOutOfRange), &[("min", min), ("max", max)]),
        Problem::EndBeforeStart => t(T::ProblemEndBeforeStart),
        Problem::NotCurrency => t(T::ProblemNotCurrency),
        Problem::BadQuoteNumber => t(T::ProblemBadQuoteNumber),
        Problem::DuplicateNumber => t(T::ProblemDuplicateNumber),
        Problem::TotalTooLarge => t(T::ProblemTotalTooLarge),
        Problem::WonAndLost => t(T::ProblemWonAndLost),
        Problem::InUse { count: n } => fill(lang.t(T::ProblemInUse), &[("count", n), ("records", &count(lang, *n as i64, Noun::Record))]),
        Problem::AlreadyConverted => t(T::ProblemAlreadyConverted),
        Problem::NotANumber => t(T::ProblemNotANumber),
        Problem::BadFileName => t(T::ProblemBadFileName),
        Problem::FileTooLarge { max_mb } => fill(lang.t(T::ProblemFileTooLarge), &[("max", max_mb)]),
        Problem::FileMissing => t(T::ProblemFileMissing),
        Problem::NotPositive => t(T::ProblemNotPositive),
        Problem::SerialsPerPiece { serials } => fill(lang.t(T::ProblemSerialsPerPiece), &[("serials", serials)]),
        Problem::BadHandoverNumber => t(T::ProblemBadHandoverNumber),
        Problem::BadTicketNumber => t(T::ProblemBadTicketNumber),
        Problem::BeforeHandoverDate => t(T::ProblemBeforeHandoverDate),
        Problem::NotSigned => t(T::ProblemNotSigned),
        Problem::Signed => t(T::ProblemSigned),
        Problem::NotAsSigned => t(T::ProblemNotAsSigned),
        Problem::Malformed(m) => fill(lang.t(T::ProblemMalformed), &[("detail", m)]),
    }
}

/// Why a bundle was refused, in the UI language, each problem on a line
/// with the place in the file it is at.
pub fn import_error(lang: Lang, e: &ImportError) -> String {
    let t = |k: T| lang.t(k);
    match e {
        ImportError::TooLarge { bytes } => fill(t(T::BundleTooLarge), &[("mb", &(bytes / 1_000_000)), ("max", &(MAX_BYTES / 1024 / 1024))]),
        ImportError::NotJson { line, column } => fill(t(T::BundleNotJson), &[("line", line), ("column", column)]),
        ImportError::NotABundle => t(T::BundleNoHeader).to_string(),
        ImportError::WrongFormat { found } => fill(t(T::BundleWrongFormat), &[("found", found)]),
        ImportError::TooNew { found } => fill(t(T::BundleTooNew), &[("found", found), ("ours", &SCHEMA_VERSION)]),
        ImportError::UnknownVersion { found } => fill(t(T::BundleUnknownVersion), &[("found", found)]),
        ImportError::Invalid { errors, total } => {
            let mut s = fill(t(T::BundleProblems), &[("total", total)]);
            for err in errors {
                s.push_str(&format!("\n{}: {}", err.field, problem(lang, &err.problem)));
            }
            if *total > errors.len() {
                s.push('\n');
                s.push_str(&fill(t(T::BundleMoreProblems), &[("n", &(total - errors.len()))]));
            }
            s
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&problem(Lang::En, self))
    }
}

/// `contacts[12].emails[0]: not an email address`: the path, as a file
/// or a form names it.
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&import_error(Lang::En, self))
    }
}
