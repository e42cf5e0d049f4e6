// Package storage defines the records the web workplace keeps and the Store
// interface that holds them. The SQLite implementation lives in
// storage/sqlite; the interface uses plain values only (no driver types, no
// SQLite specifics) so that a PostgreSQL implementation can be added later.
package storage

import (
	"context"
	"errors"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
)

// Errors that handlers map to HTTP statuses.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")  // optimistic version check failed, or state changed meanwhile
	ErrDuplicate = errors.New("duplicate") // unique key already taken
	// ErrSuperseded: the review is not of the document's latest version
	// (a newer one was stored meanwhile), so it may not be signed or reopened.
	ErrSuperseded = errors.New("superseded by a newer version")
)

// DocStatus is where a document stands.
type DocStatus string

const (
	DocPending  DocStatus = "pending"
	DocSigned   DocStatus = "signed"
	DocReturned DocStatus = "returned" // signed 退回补正; awaits a new version
)

func (s DocStatus) Label() string {
	switch s {
	case DocPending:
		return "待审查"
	case DocSigned:
		return "已签发"
	case DocReturned:
		return "退回补正"
	}
	return string(s)
}

// ReviewStatus is where the review of one version stands.
type ReviewStatus string

const (
	ReviewOpen   ReviewStatus = "open"
	ReviewSigned ReviewStatus = "signed"
)

func (s ReviewStatus) Label() string {
	switch s {
	case ReviewOpen:
		return "审查中"
	case ReviewSigned:
		return "已签发"
	}
	return string(s)
}

type Office struct {
	ID   int64
	Name string
	// Province is where the office works (浙江): law search shows this
	// province's local regulations with national law. "" = not set.
	Province string
	// Letterhead is the 版头 the office prints on its opinions: on by
	// default, with the office's name unless Text gives another.
	Letterhead opinion.Letterhead
	CreatedAt  time.Time
}

type Township struct {
	ID         int64
	Name       string
	OfficeID   int64 // 0 when not assigned to an office
	OfficeName string
	CreatedAt  time.Time
}

type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	TownshipID   int64 // clerks
	TownshipName string
	OfficeID     int64 // reviewers
	OfficeName   string
	BureauID     int64 // bureau accounts (司法局)
	BureauName   string
	// Province is the province of the office the user works for (a
	// clerk's through the township's office), "" when that office has
	// none set or there is none. It is read with the user, so that a law
	// search, which every session's user is loaded for, needs no reads
	// of its own to find it. ProvinceRead says the store read it: a User
	// made elsewhere has it false, and the office is then looked up.
	Province     string
	ProvinceRead bool
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	LastLoginAt  time.Time
}

type Session struct {
	TokenHash string
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
	IP        string
	UserAgent string
}

// Document is one draft under review, across all its versions.
type Document struct {
	ID           int64
	TownshipID   int64
	TownshipName string
	OfficeID     int64
	Title        string
	Type         string
	MeetingDate  time.Time // zero when unknown
	Note         string
	Status       DocStatus
	CreatedBy    int64
	CreatorName  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Filled by listing queries.
	LatestVersion  int
	LatestReviewID int64
	Errors         int // non-dismissed error findings of the latest review
	Warnings       int
	Conclusion     decision.Conclusion
}

// Version is one uploaded file of a document.
type Version struct {
	ID           int64
	DocumentID   int64
	Number       int
	FileName     string
	FileSHA256   string
	FileSize     int64
	Format       string
	Text         string
	Note         string
	UploadedBy   int64
	UploaderName string
	UploadedAt   time.Time
}

// Review is the review of one version.
type Review struct {
	ID           int64
	DocumentID   int64
	VersionID    int64
	Type         string
	Text         string // the text every finding offset indexes
	Checklist    []review.ChecklistItem
	Status       ReviewStatus
	Conclusion   decision.Conclusion
	Opinion      string
	Revision     int   // bumped on reopen
	RowVersion   int64 // optimistic lock
	SignedBy     int64
	SignerName   string
	SignedAt     time.Time
	SignedSHA256 string
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// DetectedType is the type detected when the version was uploaded
	// (what the clerk was shown before confirming Type); Notices and
	// LikelyType are the report's (review.Report).
	DetectedType string
	Notices      []string
	LikelyType   string
}

// Finding is a stored finding: the engine's or one a reviewer added.
type Finding struct {
	ID          int64
	ReviewID    int64
	Origin      string // engine, manual
	Rule        string
	Item        string
	Severity    review.Severity
	Message     string
	Suggestion  string // advice in prose
	Replacement string // exact wording to replace Quote with; "" = none (修改建议稿)
	Quote       string
	Start, End  int
	Line        int
	Basis       []review.Basis
	Related     []review.Related
	// Engine is the engine's whole finding as reported (nil for a
	// reviewer's own), so that fields the report gains later survive
	// storage; the fields above are what reviewers may change.
	Engine *review.Finding
	State  decision.FindingState
	Reason string // dismissal reason
	// LawfulPrecedent is the reviewer's explicit choice, at dismissal, to
	// keep the wording as a lawful precedent (作为合法先例); false for
	// every other state (precedent.DecidedFinding).
	LawfulPrecedent bool
	Edited          bool // message or suggestion changed by a reviewer
	DecidedBy       int64
	DeciderName     string
	DecidedAt       time.Time
	CreatedBy       int64
}

// FromPrecedent is the unlawful precedent an engine finding of rule
// "precedent" repeats (nil for any other): kept with the engine's finding,
// as the review reported it when the draft was uploaded.
func (f *Finding) FromPrecedent() *review.PrecedentRef {
	if f.Engine == nil {
		return nil
	}
	return f.Engine.FromPrecedent
}

// Report is the finding in the report's shape (review.Finding, the JSON of
// `lawreview review`): the engine's whole finding, so that fields added to
// the report later survive, with what reviewers may have changed applied.
func (f *Finding) Report() review.Finding {
	var rf review.Finding
	if f.Engine != nil {
		rf = *f.Engine
	}
	rf.Rule, rf.Item, rf.Severity, rf.Message, rf.Suggestion = f.Rule, f.Item, f.Severity, f.Message, f.Suggestion
	rf.Quote, rf.Start, rf.End, rf.Line = f.Quote, f.Start, f.End, f.Line
	rf.Basis, rf.Related = f.Basis, f.Related
	if rf.Basis == nil {
		rf.Basis = []review.Basis{}
	}
	if rf.Related == nil {
		rf.Related = []review.Related{}
	}
	return rf
}

type Comment struct {
	ID         int64
	ReviewID   int64
	FindingID  int64 // 0 for the review as a whole
	UserID     int64
	AuthorName string
	AuthorRole Role
	Body       string
	CreatedAt  time.Time
}

// Event is one entry of a review's history.
type Event struct {
	ID        int64
	ReviewID  int64
	Revision  int
	UserID    int64
	UserName  string
	Action    string
	Detail    string
	CreatedAt time.Time
}

// Signoff is one signature of a review (a reopened review keeps the old ones).
// UserName, OfficeID, OfficeName and TownshipName are a snapshot taken in
// the sign-off transaction: what was signed, whatever changes later.
type Signoff struct {
	ID           int64
	ReviewID     int64
	Revision     int
	UserID       int64
	UserName     string
	OfficeID     int64
	OfficeName   string
	TownshipName string
	Conclusion   decision.Conclusion
	Opinion      string
	SHA256       string
	SignedAt     time.Time
	Number       string // 文号, allocated at sign-off
	// Letterhead is the office's 版头 as it was at sign-off (snapshot, like
	// the office's name); OmitAnnex is the reviewer's choice to send the
	// opinion without the annex of article texts.
	Letterhead opinion.Letterhead
	OmitAnnex  bool
	// Numbering formats the 文号 from the office's name (filled above by
	// the store), the year and the office's next sequence number; when
	// nil no number is allocated.
	Numbering *opinion.Numbering
}

// SignedFile is one file a signed round hands out, kept as it was made
// the first time (the bytes are in the file store under SHA256).
type SignedFile struct {
	ReviewID  int64
	Revision  int
	Kind      OutputKind
	SHA256    string
	Size      int64
	CreatedAt time.Time
}

// Derived is what a sign-off writes besides the signature: the precedents
// derived from the review's decided findings (review/precedent), and the
// findings they were derived from. The findings are read before the
// sign-off's transaction; the store refuses with ErrConflict when they
// changed meanwhile (SameDecisions), so that no precedent records a
// decision the signed review does not hold.
type Derived struct {
	Precedents []precedent.Precedent
	From       []Finding
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    int64
	Username  string
	Action    AuditAction
	Target    string
	Detail    string
	IP        string
	RequestID string
}

// NewUpload is everything a successful upload writes at once.
type NewUpload struct {
	// At is when it was received (zero: now); the workflow passes its
	// clock, so that received dates and sign-off dates share one.
	At       time.Time
	Document Document // ignored for a new version of an existing document except ID
	Version  Version
	Review   Review
	Findings []Finding
}

// DocFilter narrows ListDocuments. Zero values mean no restriction.
type DocFilter struct {
	TownshipID     int64
	OfficeID       int64 // townships of this office
	AdviserID      int64 // documents assigned to this adviser
	Status         []DocStatus
	OrderByMeeting bool // meeting date ascending, unknown dates last
	Limit          int
}

// FindingDecision changes one finding.
type FindingDecision struct {
	State  decision.FindingState // accepted, dismissed, open; "" keeps the state
	Reason string
	// LawfulPrecedent goes with a dismissal: the reviewer chose to keep
	// the wording as a lawful precedent. Any other new state clears it.
	LawfulPrecedent bool
	Message         *string
	Suggestion      *string
	// Replacement, when not nil, sets the wording proposed in place of the
	// quote ("" removes it).
	Replacement *string
	Severity    *review.Severity
	UserID      int64
	At          time.Time
}

// LoginLimit is one rule of login throttling: at most Max failed logins
// counted under Key within Window.
type LoginLimit struct {
	Key    string
	Max    int
	Window time.Duration
}

// LoginBlocked is the limit an attempt ran into, and when it lifts.
type LoginBlocked struct {
	Limit LoginLimit
	Until time.Time
}

// Counts is used by tests and the admin page to see what storage holds.
type Counts map[string]int

// Store is everything the web workplace keeps. Implementations must make
// each method atomic.
type Store interface {
	Close() error
	Counts(ctx context.Context) (Counts, error)

	CreateOffice(ctx context.Context, name string) (int64, error)
	ListOffices(ctx context.Context) ([]Office, error)
	SetOfficeProvince(ctx context.Context, officeID int64, province string) error
	SetOfficeLetterhead(ctx context.Context, officeID int64, lh opinion.Letterhead) error
	CreateTownship(ctx context.Context, name string, officeID int64) (int64, error)
	SetTownshipOffice(ctx context.Context, townshipID, officeID int64) error
	ListTownships(ctx context.Context) ([]Township, error)
	Township(ctx context.Context, id int64) (*Township, error)

	CreateUser(ctx context.Context, u *User) (int64, error)
	UpdateUser(ctx context.Context, u *User) error // everything but the password
	SetPassword(ctx context.Context, userID int64, hash string) error
	User(ctx context.Context, id int64) (*User, error)
	UserByName(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	TouchLogin(ctx context.Context, userID int64, at time.Time) error

	// ReserveLogin is the throttle of logins, atomic: in one transaction
	// it checks every limit and, when none is reached, counts the attempt
	// as a failure under every key before its password is checked, so
	// concurrent attempts can never all pass one check. It returns the id
	// of the attempt, or the limit reached (nothing is counted then).
	ReserveLogin(ctx context.Context, limits []LoginLimit, at time.Time) (attempt int64, blocked *LoginBlocked, err error)
	// ForgetLogin uncounts an attempt (it succeeded, or its password was
	// never checked) and clears every failure counted under the keys reset
	// (the account of a successful login).
	ForgetLogin(ctx context.Context, attempt int64, reset ...string) error
	// UnlockLogin clears the failures counted under key and returns how
	// many there were (lawreview user unlock).
	UnlockLogin(ctx context.Context, key string) (int, error)

	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, tokenHash string) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	// CreateUpload inserts a document (or, when up.Document.ID != 0, a new
	// version of it) with its version, review and findings in one
	// transaction. commit runs inside the transaction just before it
	// commits (the caller moves the uploaded file into place there); if
	// commit fails nothing is written.
	CreateUpload(ctx context.Context, up *NewUpload, commit func() error) (docID, versionID, reviewID int64, err error)
	Document(ctx context.Context, id int64) (*Document, error)
	ListDocuments(ctx context.Context, f DocFilter) ([]Document, error)
	Versions(ctx context.Context, docID int64) ([]Version, error)
	Version(ctx context.Context, id int64) (*Version, error)
	SetDocumentType(ctx context.Context, docID int64, typ string) error
	// FileSums is the sha256 of every stored version's file and every
	// kept signed file: what the file store must keep.
	FileSums(ctx context.Context) (map[string]bool, error)

	Review(ctx context.Context, id int64) (*Review, error)
	ReviewByVersion(ctx context.Context, versionID int64) (*Review, error)
	Findings(ctx context.Context, reviewID int64) ([]Finding, error)
	Finding(ctx context.Context, reviewID, findingID int64) (*Finding, error)
	// DecideFinding changes a finding of an open review and records the
	// event; ErrConflict when the review is signed.
	DecideFinding(ctx context.Context, reviewID, findingID int64, d FindingDecision, event string) error
	AddFinding(ctx context.Context, f *Finding, event string) (int64, error)
	// SaveConclusion stores the draft conclusion and opinion when
	// rowVersion matches, returning the new row version.
	SaveConclusion(ctx context.Context, reviewID, rowVersion int64, conclusion decision.Conclusion, opinion string, userID int64, at time.Time) (int64, error)
	// Signoff signs an open review whose row version matches: one of two
	// concurrent sign-offs gets ErrConflict. It checks inside its
	// transaction that the review is of the document's latest version
	// (ErrSuperseded otherwise), fills the snapshot fields of s, allocates
	// its number and writes the derived precedents in place of the
	// review's earlier ones.
	Signoff(ctx context.Context, reviewID, rowVersion int64, s *Signoff, docStatus DocStatus, d Derived) error
	// Reopen reopens a signed review of the latest version (ErrSuperseded
	// otherwise, checked inside the transaction).
	Reopen(ctx context.Context, reviewID, rowVersion int64, userID int64, reason string, at time.Time) error
	Signoffs(ctx context.Context, reviewID int64) ([]Signoff, error)
	// ChangeType writes a type change (typechange.go) in one transaction:
	// the review's type, checklist, notices and row version, its
	// document's type, the kept findings' new contents, the dropped ones
	// deleted (their comments left on the review as a whole), the added
	// ones, the change itself and an event. ErrConflict when the review is
	// signed, or its row version or findings changed meanwhile;
	// ErrSuperseded when it is not of the document's latest version.
	ChangeType(ctx context.Context, rt *Retype) (rowVersion int64, err error)
	// TypeChanges are the type changes of a review, the latest first.
	TypeChanges(ctx context.Context, reviewID int64) ([]TypeChange, error)
	// AddSignedFile keeps a file of a signed round unless one of its kind
	// is kept already, and returns the one kept. commit runs inside the
	// transaction just before it commits, only when f is the one kept
	// (the caller moves the file into place there).
	AddSignedFile(ctx context.Context, f *SignedFile, commit func() error) (*SignedFile, error)
	// SignedFiles lists the kept files of a review, every round.
	SignedFiles(ctx context.Context, reviewID int64) ([]SignedFile, error)
	// OfficeSigned reports whether a review of the document was signed by
	// the office (as recorded at sign-off, whatever office the township
	// belongs to now).
	OfficeSigned(ctx context.Context, docID, officeID int64) (bool, error)
	Events(ctx context.Context, reviewID int64) ([]Event, error)

	AddComment(ctx context.Context, c *Comment) (int64, error)
	Comments(ctx context.Context, reviewID int64) ([]Comment, error)
	AssignAdviser(ctx context.Context, docID, userID int64) error
	UnassignAdviser(ctx context.Context, docID, userID int64) error
	Advisers(ctx context.Context, docID int64) ([]User, error)
	IsAdviserOf(ctx context.Context, docID, userID int64) (bool, error)

	Audit(ctx context.Context, e *AuditEntry) error
	AuditLog(ctx context.Context, limit, offset int) ([]AuditEntry, error)

	PrecedentStore
	StatsStore
}

// SameDecisions reports whether two readings of a review's findings hold
// the same decisions and wording: what precedents are derived from. Each
// store's Signoff compares, inside its transaction, the findings a
// derivation read with the ones stored.
func SameDecisions(a, b []Finding) bool {
	if len(a) != len(b) {
		return false
	}
	byID := make(map[int64]*Finding, len(a))
	for i := range a {
		byID[a[i].ID] = &a[i]
	}
	for _, y := range b {
		x := byID[y.ID]
		if x == nil || x.State != y.State || x.Reason != y.Reason || x.LawfulPrecedent != y.LawfulPrecedent || x.Message != y.Message ||
			x.Suggestion != y.Suggestion || x.Severity != y.Severity || x.Quote != y.Quote {
			return false
		}
	}
	return true
}
