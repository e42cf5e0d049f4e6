package storage

import (
	"context"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
)

// Bureau is a county 司法局: its accounts (role bureau) see the statistics,
// the 文号 register and the signed opinions of the offices assigned to it.
type Bureau struct {
	ID        int64
	Name      string
	OfficeIDs []int64 // in id order
	CreatedAt time.Time
}

// StatsScope is what the statistics read: the offices (nil: all of them)
// and the period [From, To) in which the events counted happened.
type StatsScope struct {
	OfficeIDs []int64
	From, To  time.Time
}

// StatsFacts are the records the statistics are computed from: the
// workflow counts them (web/workflow/stats.go), so that every figure and
// the list of documents behind it come from one reading.
type StatsFacts struct {
	// Documents received in the period (first version uploaded then) by a
	// township of the offices, and every document another fact below
	// refers to.
	Documents []StatsDocument
	// Versions after the first uploaded in the period: drafts that came
	// back revised.
	Revisions []StatsRevision
	// Signoffs made in the period by the offices.
	Signoffs []StatsSignoff
	// Findings of the reviews whose current signature (see
	// StatsSignoff.Current) falls in the period.
	Findings []StatsFinding
}

// StatsDocument is a document as the statistics see it.
type StatsDocument struct {
	ID         int64
	Title      string
	Type       string
	TownshipID int64
	Township   string
	OfficeID   int64 // the township's office now
	Received   time.Time
	Meeting    time.Time // zero when unknown
	Status     DocStatus
	Versions   int
}

// StatsRevision is a later version of a document.
type StatsRevision struct {
	DocumentID int64
	Number     int
	UploadedAt time.Time
}

// StatsSignoff is one signed opinion (one 文号), with the office and
// township as recorded at sign-off.
type StatsSignoff struct {
	ID         int64
	ReviewID   int64
	DocumentID int64
	Revision   int
	Version    int       // number of the version signed
	Uploaded   time.Time // when that version was uploaded
	SignedAt   time.Time
	Conclusion decision.Conclusion
	Number     string
	Signer     string
	OfficeID   int64
	Office     string
	Township   string
	// Current: the review is still signed at this revision (not reopened
	// since); Latest: it is the review of the document's latest version.
	Current, Latest bool
	// The document's title, type and township as they are now.
	Title, Type string
	TownshipID  int64
}

// StatsFinding is one finding of a signed review.
type StatsFinding struct {
	ID         int64
	ReviewID   int64
	DocumentID int64
	Origin     string // engine, manual
	Rule       string
	Item       string
	Title      string // the rule's title as the engine reported it
	Severity   review.Severity
	State      decision.FindingState
	Message    string
}

// StatsStore keeps the bureaus and reads the facts of the statistics.
type StatsStore interface {
	CreateBureau(ctx context.Context, name string) (int64, error)
	ListBureaus(ctx context.Context) ([]Bureau, error)
	Bureau(ctx context.Context, id int64) (*Bureau, error)
	// SetBureauOffices replaces the offices assigned to a bureau.
	SetBureauOffices(ctx context.Context, bureauID int64, officeIDs []int64) error
	StatsFacts(ctx context.Context, sc StatsScope) (*StatsFacts, error)
	// Register lists the sign-offs of the offices (nil: all) made in
	// [From, To), in order of signing.
	Register(ctx context.Context, sc StatsScope) ([]StatsSignoff, error)
	// RegisterEntry is one sign-off by id.
	RegisterEntry(ctx context.Context, id int64) (*StatsSignoff, error)
}
