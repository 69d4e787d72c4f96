//! Exact decimal numbers for figure values: a mantissa and a power-of-ten scale, never a float.
//!
//! `7.4` is `(74, 1)`; multiplying by `亿` adds 8 to the exponent and gives `740000000` exactly.
//! Every operation is checked: a number too large for 38 digits is refused (`None`), never
//! wrapped or rounded.

/// `mantissa / 10^scale`, with a sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dec {
    negative: bool,
    mantissa: u128,
    scale: u32,
}

/// How many decimal places a quotient that does not terminate (`2/3`) is rounded to.
pub(crate) const QUOTIENT_PLACES: u32 = 10;

fn pow10(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

impl Dec {
    pub(crate) const ZERO: Dec = Dec { negative: false, mantissa: 0, scale: 0 };

    pub(crate) fn from_int(n: u128) -> Dec {
        Dec { negative: false, mantissa: n, scale: 0 }
    }

    /// Builds a number from ASCII digits before and after the point (either may be empty, not both).
    pub(crate) fn from_digits(int: &[u8], frac: &[u8]) -> Option<Dec> {
        if int.len() + frac.len() > 36 || int.len() + frac.len() == 0 {
            return None;
        }
        let mut mantissa: u128 = 0;
        for &d in int.iter().chain(frac) {
            mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(d.checked_sub(b'0')?))?;
        }
        Some(Dec { negative: false, mantissa, scale: frac.len() as u32 })
    }

    pub(crate) fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The integer value, if this is a whole number that fits.
    pub(crate) fn as_integer(self) -> Option<u128> {
        let n = self.normalized();
        (n.scale == 0 && !n.negative).then_some(n.mantissa)
    }

    pub(crate) fn negated(self) -> Dec {
        Dec { negative: !self.negative, ..self }
    }

    /// Multiplies by `10^exp` (`exp` may be negative).
    pub(crate) fn shift(self, exp: i32) -> Option<Dec> {
        if exp >= 0 {
            let exp = exp as u32;
            if self.scale >= exp {
                Some(Dec { scale: self.scale - exp, ..self })
            } else {
                let mantissa = self.mantissa.checked_mul(pow10(exp - self.scale)?)?;
                Some(Dec { mantissa, scale: 0, ..self })
            }
        } else {
            let scale = self.scale.checked_add(exp.unsigned_abs())?;
            (scale <= 38).then_some(Dec { scale, ..self })
        }
    }

    /// Brings two numbers to the same scale.
    fn aligned(self, other: Dec) -> Option<(u128, u128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(pow10(scale - self.scale)?)?;
        let b = other.mantissa.checked_mul(pow10(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    /// `self / other`, exact when the quotient terminates within [`QUOTIENT_PLACES`] places,
    /// otherwise rounded half up to that many places. `None` for a zero divisor.
    pub(crate) fn div(self, other: Dec) -> Option<Dec> {
        if other.mantissa == 0 {
            return None;
        }
        let (a, b, _) = self.aligned(other)?;
        let numerator = a.checked_mul(pow10(QUOTIENT_PLACES)?)?;
        let (q, r) = (numerator / b, numerator % b);
        let q = if r.checked_mul(2)? >= b { q + 1 } else { q };
        Some(Dec { negative: self.negative != other.negative, mantissa: q, scale: QUOTIENT_PLACES }.normalized())
    }

    /// Without trailing zeros after the point.
    pub(crate) fn normalized(self) -> Dec {
        let mut d = self;
        while d.scale > 0 && d.mantissa.is_multiple_of(10) {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        if d.mantissa == 0 {
            d.negative = false;
        }
        d
    }
}

impl std::fmt::Display for Dec {
    /// `-?digits(.digits)?`, without trailing zeros after the point and without `-0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.normalized();
        let digits = d.mantissa.to_string();
        let scale = d.scale as usize;
        if d.negative {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{int}.{frac}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Dec {
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let d = Dec::from_digits(int.as_bytes(), frac.as_bytes()).unwrap();
        if neg {
            d.negated()
        } else {
            d
        }
    }

    #[test]
    fn shifts_without_float_noise() {
        let cases: &[(&str, i32, &str)] = &[
            ("7.4", 8, "740000000"),
            ("17.9", -2, "0.179"),
            ("0.6", -2, "0.006"),
            ("1.06", 12, "1060000000000"),
            ("63.8", -4, "0.00638"),
            ("-0.1839", -2, "-0.001839"),
            ("100", -2, "1"),
            ("0.0", 0, "0"),
            ("-0", 0, "0"),
            ("1143083.8", 8, "114308380000000"),
        ];
        for &(input, exp, want) in cases {
            assert_eq!(dec(input).shift(exp).unwrap().to_string(), want, "{input} × 10^{exp}");
        }
    }

    #[test]
    fn divides_exactly_or_rounds_to_ten_places() {
        let cases: &[(&str, &str, &str)] =
            &[("2", "3", "0.6666666667"), ("1", "4", "0.25"), ("1", "3", "0.3333333333"), ("68", "1", "68")];
        for &(a, b, want) in cases {
            assert_eq!(dec(a).div(dec(b)).unwrap().to_string(), want, "{a}/{b}");
        }
        assert_eq!(dec("1").div(Dec::ZERO), None);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert_eq!(Dec::from_digits(&[b'9'; 40], b""), None);
        assert_eq!(dec("9").shift(60), None);
    }
}
