//! The pipeline every door calls (the command line, the deposit, the web page): a workbook
//! loaded and checked ([`load`]), one candidate's documents rendered to bytes ([`documents`]),
//! a class built into a folder ([`class`]), a candidate's hand-in into the class folder ([`handin`]), a deposit made and verified
//! ([`deposit`]), all on
//! one clock ([`clock`]). The doors only read their inputs, call these, then write or answer.

pub mod class;
pub mod clock;
pub mod deposit;
pub mod documents;
mod emit;
pub mod handin;
pub mod identity;
pub mod jury;
pub mod load;
pub mod outcome;
