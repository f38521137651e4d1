//! Render stage: the model becomes documents. For now the candidate workbook itself (blank or
//! pre-filled); the PDFs and the official tableau come with the next stages of the project.

pub mod dossier_template;
