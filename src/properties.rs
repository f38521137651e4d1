//! Property tests (unit tests: they reach private items) of the readers candidates' text goes through: whatever is typed, they never
//! panic, and what they promise holds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::output::safe_file_name;
use crate::parse::periode::parse_text;
use crate::parse::text::{parse_date_text, parse_tick};
use crate::read::Value;
use crate::text::{matches_label, normalize};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn a_file_name_is_never_empty_never_a_separator_never_dot_dot(text in any::<String>()) {
        let name = safe_file_name(&text);
        prop_assert!(!name.is_empty());
        prop_assert!(!name.contains('/') && !name.contains('\\'));
        prop_assert!(!name.contains(".."));
        prop_assert!(name.len() <= 81);
        prop_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        prop_assert!(!name.starts_with('.'));
    }

    #[test]
    fn periods_never_panic_and_readable_pairs_read_back(
        text in any::<String>(),
        d1 in 1u32..=28, m1 in 1u32..=12, y1 in 2020i32..2030,
        d2 in 1u32..=28, m2 in 1u32..=12, y2 in 2020i32..2030,
        sep in prop::sample::select(vec![" au ", " - ", "\n", " ", "-", " à "]),
        short in any::<bool>(),
    ) {
        let _ = parse_text(&text);
        let year = |y: i32| if short { format!("{:02}", y % 100) } else { y.to_string() };
        let typed = format!("{d1:02}/{m1:02}/{}{sep}{d2:02}/{m2:02}/{}", year(y1), year(y2));
        let p = parse_text(&typed);
        prop_assert!(p.lisible, "{typed}");
        prop_assert_eq!(p.debut, chrono::NaiveDate::from_ymd_opt(y1, m1, d1));
        prop_assert_eq!(p.fin, chrono::NaiveDate::from_ymd_opt(y2, m2, d2));
    }

    #[test]
    fn dates_typed_day_first_read_back(d in 1u32..=28, m in 1u32..=12, y in 2000i32..2099) {
        let expected = chrono::NaiveDate::from_ymd_opt(y, m, d);
        prop_assert_eq!(parse_date_text(&format!("{d}/{m}/{y}")), expected);
        prop_assert_eq!(parse_date_text(&format!("{y}-{m:02}-{d:02}")), expected);
    }

    #[test]
    fn marks_never_panic_and_a_tick_survives_spaces(text in any::<String>(), pad in "[ ]{0,4}") {
        let _ = parse_tick(&Value::Text(&text));
        let padded = format!("{pad}X{pad}");
        prop_assert_eq!(parse_tick(&Value::Text(padded.trim())), Some(true));
    }

    #[test]
    fn header_matching_ignores_case_accents_and_spacing(
        label in prop::sample::select(vec!["Intitulé", "Date de début", "N° candidat", "Adresse URL du portfolio", "Prénom"]),
        upper in any::<bool>(),
        pad in "[ :]{0,3}",
    ) {
        let typed = if upper { label.to_uppercase() } else { label.to_lowercase() };
        let typed = format!("{pad}{}{pad}", typed.replace(' ', "  "));
        prop_assert!(matches_label(&typed, label, &[]), "{typed}");
        prop_assert_eq!(normalize(&typed), normalize(label));
    }
}
