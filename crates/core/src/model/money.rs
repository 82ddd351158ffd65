//! Money and the decimals quotes need, as integers: amounts in minor units
//! (haléře for CZK), quantities and percentages as [`Decimal`]s in
//! thousandths. No floats anywhere; products are taken in `i128`, so no
//! quantity and price a form accepts can overflow on the way.
//!
//! Rounding is Czech practice: each line's net amount to the hundredth
//! (half away from zero), then VAT per rate on the sum of that rate's lines.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The currencies a record may be in. All have two minor digits, which
/// every amount here assumes.
pub const CURRENCIES: [&str; 6] = ["CZK", "EUR", "USD", "GBP", "PLN", "CHF"];
pub const DEFAULT_CURRENCY: &str = "CZK";

pub fn is_currency(code: &str) -> bool {
    CURRENCIES.contains(&code)
}

pub fn default_currency() -> String {
    DEFAULT_CURRENCY.to_string()
}

/// Czech VAT rates offered by forms (any rate 0–100 % is accepted).
pub const CZECH_VAT_RATES: [Decimal; 3] = [Decimal::percent(21), Decimal::percent(12), Decimal::percent(0)];

/// A number with up to three decimal places, kept as thousandths:
/// 1.5 is `Decimal(1500)`. Written in JSON as a string ("1.5") so no
/// reader takes it for a float.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub i64);

impl Decimal {
    pub const SCALE: i64 = 1_000;
    pub const ZERO: Decimal = Decimal(0);
    pub const ONE: Decimal = Decimal(Self::SCALE);

    pub const fn percent(whole: i64) -> Decimal {
        Decimal(whole * Self::SCALE)
    }

    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// "1.5", "1,5", "-2", "1 000,25": a point or a comma before at most
    /// three decimals; spaces group thousands.
    pub fn parse(s: &str) -> Option<Decimal> {
        parse_fixed(s, 3).map(Decimal)
    }
}

impl fmt::Display for Decimal {
    /// Shortest form with a point: "1.5", "21", "-0.125".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        let (int, frac) = (abs / Self::SCALE as u64, abs % Self::SCALE as u64);
        if frac == 0 {
            write!(f, "{sign}{int}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{sign}{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number as a string, e.g. \"1.5\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Decimal, E> {
                Decimal::parse(s).ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Decimal, E> {
                i64::try_from(n).ok().and_then(|n| n.checked_mul(Decimal::SCALE)).map(Decimal).ok_or_else(|| E::custom("number too large"))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Decimal, E> {
                n.checked_mul(Decimal::SCALE).map(Decimal).ok_or_else(|| E::custom("number too large"))
            }
        }
        d.deserialize_any(V)
    }
}

/// An amount as typed ("1 234,50", "1234.5", "-20") in minor units.
pub fn parse_amount(s: &str) -> Option<i64> {
    parse_fixed(s, 2)
}

/// A minor-unit amount as a form shows it for editing: "1234.5" → "1234.50".
pub fn amount_input(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A fixed-point number with at most `places` decimals, scaled to an
/// integer. Refuses anything else, and numbers past ±10^15 units.
fn parse_fixed(s: &str, places: u32) -> Option<i64> {
    const LIMIT: i64 = 1_000_000_000_000_000;
    let s: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let (int, frac) = match body.split_once(['.', ',']) {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > places as usize
        || body.ends_with(['.', ','])
        || int.len() > 16
    {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    if int > LIMIT {
        return None;
    }
    let frac_value: i64 = if frac.is_empty() { 0 } else { frac.parse::<i64>().ok()? * 10i64.pow(places - frac.len() as u32) };
    let value = int * 10i64.pow(places) + frac_value;
    Some(if neg { -value } else { value })
}

/// `n / d` rounded half away from zero; `d` is positive.
fn round_div(n: i128, d: i128) -> i128 {
    let (q, r) = (n / d, n % d);
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

/// What a quote line needs for its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    pub quantity: Decimal,
    /// Minor units per unit.
    pub unit_price: i64,
    /// Percent off, 0–100.
    pub discount: Decimal,
    /// Percent, 0–100.
    pub vat_rate: Decimal,
}

/// A line's net amount in minor units, rounded to the hundredth:
/// quantity × unit price × (1 − discount / 100). Wide enough for any input.
pub fn line_net(l: &LineAmounts) -> i128 {
    let scale = i128::from(Decimal::SCALE);
    let hundred = 100 * scale;
    round_div(i128::from(l.unit_price) * i128::from(l.quantity.0) * (hundred - i128::from(l.discount.0)), scale * hundred)
}

/// The amounts of one VAT rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatSummary {
    pub rate: Decimal,
    /// The sum of the rate's lines, net.
    pub base: i64,
    pub vat: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Totals {
    /// Each line's net amount, in the lines' order.
    pub lines: Vec<i64>,
    /// One entry per rate used, highest rate first.
    pub by_rate: Vec<VatSummary>,
    pub net: i64,
    pub vat: i64,
    pub gross: i64,
}

/// The totals no longer fit an amount (over ±92 quadrillion minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// A quote's totals: each line rounded, VAT per rate on the sum of its
/// lines, rounded; the grand total is their sum.
pub fn totals(lines: impl IntoIterator<Item = LineAmounts>) -> Result<Totals, TooLarge> {
    let fit = |n: i128| i64::try_from(n).map_err(|_| TooLarge);
    let mut nets = Vec::new();
    let mut rates: Vec<(Decimal, i128)> = Vec::new();
    for l in lines {
        let net = line_net(&l);
        nets.push(fit(net)?);
        match rates.iter_mut().find(|(r, _)| *r == l.vat_rate) {
            Some((_, base)) => *base += net,
            None => rates.push((l.vat_rate, net)),
        }
    }
    rates.sort_by_key(|r| std::cmp::Reverse(r.0));
    let scale = i128::from(Decimal::SCALE);
    let (mut net, mut vat) = (0i128, 0i128);
    let mut by_rate = Vec::with_capacity(rates.len());
    for (rate, base) in rates {
        let v = round_div(base * i128::from(rate.0), 100 * scale);
        net += base;
        vat += v;
        by_rate.push(VatSummary { rate, base: fit(base)?, vat: fit(v)? });
    }
    Ok(Totals { lines: nets, by_rate, net: fit(net)?, vat: fit(vat)?, gross: fit(net + vat)? })
}

/// `value` × `percent` / 100, rounded: a weighted pipeline value.
pub fn percent_of(value: i64, percent: u8) -> i64 {
    round_div(i128::from(value) * i128::from(percent), 100) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn line(q: &str, price: i64, discount: &str, vat: i64) -> LineAmounts {
        LineAmounts { quantity: d(q), unit_price: price, discount: d(discount), vat_rate: Decimal::percent(vat) }
    }

    #[test]
    fn decimals_parse_and_print() {
        assert_eq!(d("1.5"), Decimal(1500));
        assert_eq!(d("1,5"), Decimal(1500));
        assert_eq!(d("-0.125"), Decimal(-125));
        assert_eq!(d("1 000"), Decimal(1_000_000));
        assert_eq!(d(".5"), Decimal(500));
        for bad in ["", "-", "1.2345", "1.", "abc", "1e3", "1.2.3", "0x10", "1,000.5"] {
            assert_eq!(Decimal::parse(bad), None, "{bad}");
        }
        assert_eq!(d("1.5").to_string(), "1.5");
        assert_eq!(d("21").to_string(), "21");
        assert_eq!(d("-0.125").to_string(), "-0.125");
        assert_eq!(d("2.100").to_string(), "2.1");
        let json = serde_json::to_string(&d("1.5")).unwrap();
        assert_eq!(json, "\"1.5\"");
        assert_eq!(serde_json::from_str::<Decimal>(&json).unwrap(), d("1.5"));
        assert_eq!(serde_json::from_str::<Decimal>("21").unwrap(), Decimal::percent(21));
        assert!(serde_json::from_str::<Decimal>("1.5").is_err(), "a float is refused");
    }

    #[test]
    fn amounts_parse_in_minor_units() {
        assert_eq!(parse_amount("1 234,50"), Some(123_450));
        assert_eq!(parse_amount("1234.5"), Some(123_450));
        assert_eq!(parse_amount("-20"), Some(-2_000));
        assert_eq!(parse_amount("0,01"), Some(1));
        assert_eq!(parse_amount("0.001"), None);
        assert_eq!(parse_amount("99999999999999999999"), None);
        assert_eq!(amount_input(123_450), "1234.50");
        assert_eq!(amount_input(-5), "-0.05");
    }

    #[test]
    fn each_line_rounds_to_the_hundredth_half_away_from_zero() {
        // 1.5 h × 333.33 = 499.995 → 500.00
        assert_eq!(line_net(&line("1.5", 33_333, "0", 21)), 50_000);
        // 3 × 0.05 with 50 % off = 0.075 → 0.08
        assert_eq!(line_net(&line("3", 5, "50", 21)), 8);
        // 1 × 0.01 with 50 % off = 0.005 → 0.01 (half away from zero)
        assert_eq!(line_net(&line("1", 1, "50", 21)), 1);
        // 1 × 0.01 with 51 % off = 0.0049 → 0.00
        assert_eq!(line_net(&line("1", 1, "51", 21)), 0);
        // negative lines round symmetrically: −0.005 → −0.01
        assert_eq!(line_net(&line("-1", 1, "50", 21)), -1);
        assert_eq!(line_net(&line("1", 1000, "100", 21)), 0);
        assert_eq!(line_net(&line("0.001", 100, "0", 21)), 0);
        assert_eq!(line_net(&line("0.005", 100, "0", 21)), 1);
        assert_eq!(line_net(&line("2", 10_000, "12.5", 21)), 17_500);
    }

    #[test]
    fn vat_is_per_rate_on_the_sum_of_its_lines() {
        // Three lines at 21 % of 0.05 each: per line VAT would be 0.01 × 3 = 0.03,
        // on the sum 0.15 × 21 % = 0.0315 → 0.03; 0.10 gives 0.021 → 0.02.
        let t = totals([line("1", 5, "0", 21), line("1", 5, "0", 21), line("1", 5, "0", 21)]).unwrap();
        assert_eq!(t.by_rate, vec![VatSummary { rate: Decimal::percent(21), base: 15, vat: 3 }]);
        let t = totals([line("1", 33, "0", 21), line("1", 33, "0", 21), line("1", 34, "0", 21)]).unwrap();
        // per line: 6.93 + 6.93 + 7.14 hundredths → 7+7+7 = 21; on the sum 100 × 0.21 = 21: same
        assert_eq!(t.vat, 21);
        let t = totals([line("1", 2, "0", 21), line("1", 2, "0", 21)]).unwrap();
        // per line 0.42 → 0 each; on the sum 4 × 0.21 = 0.84 → 1
        assert_eq!(t.vat, 1);
    }

    #[test]
    fn totals_at_two_rates_and_zero() {
        let t = totals([
            line("10", 150_000, "0", 21),  // 15 000.00
            line("1.5", 80_000, "10", 12), // 1 080.00
            line("2", 99_990, "0", 21),    // 1 999.80
            line("1", 50_000, "0", 0),     // 500.00
        ])
        .unwrap();
        assert_eq!(t.lines, vec![1_500_000, 108_000, 199_980, 50_000]);
        assert_eq!(
            t.by_rate,
            vec![
                VatSummary { rate: Decimal::percent(21), base: 1_699_980, vat: 356_996 },
                VatSummary { rate: Decimal::percent(12), base: 108_000, vat: 12_960 },
                VatSummary { rate: Decimal::percent(0), base: 50_000, vat: 0 },
            ]
        );
        assert_eq!(t.net, 1_857_980);
        assert_eq!(t.vat, 369_956);
        assert_eq!(t.gross, 2_227_936);
        assert_eq!(totals([]).unwrap(), Totals::default());
    }

    #[test]
    fn zero_percent_lines_have_no_vat_but_count_in_the_total() {
        let t = totals([line("3", 33_333, "0", 0)]).unwrap();
        assert_eq!((t.net, t.vat, t.gross), (99_999, 0, 99_999));
        assert_eq!(t.by_rate.len(), 1);
    }

    #[test]
    fn fractional_vat_rates_round_on_the_sum() {
        let t = totals([LineAmounts { quantity: Decimal::ONE, unit_price: 1_000, discount: Decimal::ZERO, vat_rate: d("5.5") }]).unwrap();
        assert_eq!(t.vat, 55);
        let t = totals([LineAmounts { quantity: Decimal::ONE, unit_price: 10, discount: Decimal::ZERO, vat_rate: d("5.5") }]).unwrap();
        // 10 × 5.5 % = 0.55 hundredths → 1
        assert_eq!(t.vat, 1);
    }

    #[test]
    fn large_quantities_do_not_overflow() {
        // A million hours at 99 999 999.99 is 99 999 999 990 000 000 minor units:
        // past what i64 products could hold on the way, exact here.
        let t = totals([line("1000000", 9_999_999_999, "0", 21)]).unwrap();
        assert_eq!(t.net, 9_999_999_999_000_000);
        assert_eq!(t.vat, 2_099_999_999_790_000);
        assert_eq!(t.gross, 12_099_999_998_790_000);
        // With a discount and a fraction, still exact.
        assert_eq!(line_net(&line("999999.999", 9_999_999_999, "33.333", 21)), 6_666_699_992_666_630);
        // Totals past an i64 are refused, never wrapped.
        assert_eq!(totals([line("1000000000000", 1_000_000_000_000, "0", 21)]), Err(TooLarge));
        assert_eq!(totals([line("1000000", 9_000_000_000_000, "0", 0), line("1000000", 9_000_000_000_000, "0", 0)]), Err(TooLarge));
    }

    #[test]
    fn weighted_values() {
        assert_eq!(percent_of(100_000, 25), 25_000);
        assert_eq!(percent_of(333, 50), 167);
        assert_eq!(percent_of(i64::MAX, 100), i64::MAX);
    }
}
