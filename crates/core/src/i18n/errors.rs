//! What a refused value or file says, from the text table in both
//! languages. The English words are also the errors' `Display`, for logs
//! and tests; the model and the bundle reader only name the problem.

use std::fmt;

use super::{count, fill, Lang, Noun, T};
use crate::bundle::{ImportError, MAX_BYTES};
use crate::csv::CsvError;
use crate::model::{FieldError, Problem, SCHEMA_VERSION};
use crate::sniff::Binary;
use crate::vcard::VcardError;

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
        ImportError::Empty => t(T::FileEmpty).to_string(),
        ImportError::Binary(kind) => binary(lang, *kind, T::ExpectedBundle),
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

/// "The file is a PDF, not CSV text": what a picked file really is.
fn binary(lang: Lang, kind: Binary, expected: T) -> String {
    let found = match kind {
        Binary::Zip => T::BinaryZip,
        Binary::OfficeLegacy => T::BinaryOfficeLegacy,
        Binary::Pdf => T::BinaryPdf,
        Binary::Image => T::BinaryImage,
        Binary::Gzip => T::BinaryGzip,
    };
    fill(lang.t(T::FileIsBinary), &[("found", &lang.t(found)), ("expected", &lang.t(expected))])
}

/// Why a CSV file was refused, naming the line, row or column.
pub fn csv_error(lang: Lang, e: &CsvError) -> String {
    let t = |k: T| lang.t(k);
    match e {
        CsvError::TooLarge { bytes } => fill(t(T::CsvTooLarge), &[("mb", &(bytes / 1_000_000)), ("max", &(crate::csv::MAX_BYTES / 1024 / 1024))]),
        CsvError::Empty => t(T::FileEmpty).to_string(),
        CsvError::Binary(kind) => binary(lang, *kind, T::ExpectedCsv),
        CsvError::MixedEncoding { utf8_line, other_line } => fill(t(T::CsvMixedEncoding), &[("utf8", utf8_line), ("other", other_line)]),
        CsvError::Nul { line } => fill(t(T::CsvNul), &[("line", line)]),
        CsvError::UnclosedQuote { line } => fill(t(T::CsvUnclosedQuote), &[("line", line)]),
        CsvError::TooManyColumns { row, columns } => {
            fill(t(T::CsvTooManyColumns), &[("row", row), ("columns", columns), ("max", &crate::csv::MAX_COLUMNS)])
        }
        CsvError::CellTooLong { row, column, chars } => {
            fill(t(T::CsvCellTooLong), &[("row", row), ("column", column), ("chars", chars), ("max", &crate::csv::MAX_CELL)])
        }
        CsvError::NoRows => t(T::CsvNoRows).to_string(),
    }
}

/// Why a vCard file was refused, naming the line.
pub fn vcard_error(lang: Lang, e: &VcardError) -> String {
    let t = |k: T| lang.t(k);
    match e {
        VcardError::TooLarge { bytes } => {
            fill(t(T::VcardTooLarge), &[("mb", &(bytes / 1_000_000)), ("max", &(crate::vcard::MAX_BYTES / 1024 / 1024))])
        }
        VcardError::Empty => t(T::FileEmpty).to_string(),
        VcardError::Binary(kind) => binary(lang, *kind, T::ExpectedVcard),
        VcardError::NoCards => t(T::VcardNoCards).to_string(),
        VcardError::Unclosed { line } => fill(t(T::VcardUnclosed), &[("line", line)]),
        VcardError::BadQuotedPrintable { line } => fill(t(T::VcardBadQuotedPrintable), &[("line", line)]),
        VcardError::UnknownVersion { line, found } => fill(t(T::VcardUnknownVersion), &[("line", line), ("found", found)]),
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
