//! The review model behind the window: documents, facts grouped from mentions, the analyst's
//! decisions and corrections, views (filter, sort, search), background loading and exports.
//! Nothing here depends on the GUI, so tests drive it directly.

pub mod chart;
pub mod edit;
pub mod export;
pub mod grouping;
pub mod loader;
pub mod project;
pub mod record;
pub mod search;
pub mod view;
pub mod workbench;

pub use record::{DocId, FactFields, FactId, Problem, ReviewFact, SourceMention, Status};
pub use workbench::{
    AuditEntry, Change, ChangeError, Commit, FactReframe, MentionMove, MentionReframe,
    PublicationDate, Reason, ReviewDocument, StackEdit, Summary, TimeFrame, Workbench,
};
