//! What every workbook writer shares.

/// A date as rust_xlsxwriter wants it (creation dates, date cells).
pub(crate) fn excel_date(
    date: chrono::NaiveDate,
) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).map_err(|_| {
        rust_xlsxwriter::XlsxError::DateTimeRangeError(format!(
            "année {} hors limites",
            date.year()
        ))
    })?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}
