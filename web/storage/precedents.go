package storage

import (
	"context"

	"lawreview/review/precedent"
)

// PrecedentStore is the part of Store that keeps the precedents: the
// decided findings of signed reviews (derived by review/precedent, written
// in the sign-off transaction) and imported ones.
type PrecedentStore interface {
	// ReviewPrecedents returns the precedents a review's latest sign-off
	// produced (none while it was never signed).
	ReviewPrecedents(ctx context.Context, reviewID int64) ([]precedent.Precedent, error)
	// UnrecordedReviews lists the signed reviews whose latest sign-off has
	// no precedents recorded: reviews signed before precedents existed.
	UnrecordedReviews(ctx context.Context) ([]int64, error)
	// RecordPrecedents replaces the precedents of a signed review with d's
	// (idempotent), for the reviews UnrecordedReviews lists: ErrConflict
	// when the review is no longer signed at that revision or its findings
	// are not d.From.
	RecordPrecedents(ctx context.Context, reviewID int64, revision int, d Derived) error
	// ImportPrecedents stores imported precedents in one transaction: all
	// or nothing. A record whose id is already stored replaces it; one
	// that says what a stored precedent already says is skipped.
	ImportPrecedents(ctx context.Context, ps []precedent.Precedent) (ImportResult, error)
	// ReplaceBank makes the stored public bank ps (precedent.Bank's
	// entries) in one transaction: each entry replaces the stored record
	// of its id when it differs, and every stored record of the bank's ids
	// (precedent.IsBankID) that ps lacks is deleted, so that an entry
	// dropped from a newer bank leaves the database.
	ReplaceBank(ctx context.Context, ps []precedent.Precedent) (ImportResult, error)
	// Precedent returns one precedent by id.
	Precedent(ctx context.Context, id string) (*precedent.Precedent, error)
	// EachPrecedent calls fn for every precedent in export order (date,
	// then export id); fn's error stops the walk and is returned.
	EachPrecedent(ctx context.Context, fn func(p *precedent.Precedent) error) error
	// PrecedentStamp changes whenever precedents are added, replaced or
	// removed, so that a search index can tell it is behind. It is
	// "seq/n": the sequence number of the latest change, and how many
	// precedents there are.
	PrecedentStamp(ctx context.Context) (string, error)
	// PrecedentChanges lists the changes after sequence number seq, oldest
	// first, at most limit: what keeps the precedent index of every
	// server node in step with the database, each node applying what the
	// others wrote. Changes are numbered 1, 2, … without gaps and become
	// visible in that order; the log keeps only the latest changes, so a
	// reader that finds the one after its own missing rebuilds instead.
	PrecedentChanges(ctx context.Context, seq int64, limit int) ([]PrecedentChange, error)
	// RuleStats counts, per rule, the findings of signed reviews that
	// reviewers accepted and dismissed.
	RuleStats(ctx context.Context) ([]RuleStat, error)
}

// SignedReview is what review/precedent derives a signed review's
// precedents from, taken from its records: the document, the review, the
// signature and the findings as decided. A finding is marked grave as the
// engine flagged it at review; the workflow marks the findings of rules
// made grave since (DecidedFinding.Grave).
func SignedReview(d *Document, r *Review, so *Signoff, fs []Finding) precedent.SignedReview {
	out := precedent.SignedReview{ReviewID: r.ID, Revision: r.Revision, DocumentID: d.ID, TownshipID: d.TownshipID, OfficeID: d.OfficeID,
		Text: r.Text, DocType: r.Type, DocTitle: d.Title, Township: d.TownshipName, Conclusion: so.Conclusion, SignedAt: so.SignedAt}
	for _, f := range fs {
		df := precedent.DecidedFinding{ID: f.ID, Origin: f.Origin, Rule: f.Rule, Item: f.Item, Severity: string(f.Severity),
			Message: f.Message, Suggestion: f.Suggestion, Quote: f.Quote, Start: f.Start, End: f.End, State: f.State, Reason: f.Reason,
			LawfulPrecedent: f.LawfulPrecedent, Grave: f.Engine != nil && f.Engine.Grave}
		for _, b := range f.Basis {
			df.Basis = append(df.Basis, precedent.Basis{Law: b.Law, Article: b.Article})
		}
		out.Findings = append(out.Findings, df)
	}
	return out
}

// PrecedentChange is one change of precedents: the precedents of a review
// were replaced (its sign-off, a sign-off after a reopen, a backfill), or
// imported precedents were added or replaced.
type PrecedentChange struct {
	Seq      int64
	ReviewID int64    // 0 for an import
	IDs      []string // an import's records
}

// ImportResult says what an import did.
type ImportResult struct {
	Added    int
	Replaced int
	Skipped  int // the same decision was already stored
	Removed  int // records of the public bank that a newer bank dropped
}

// RuleStat is how reviewers judged one rule's findings.
type RuleStat struct {
	Rule      string
	Title     string
	Accepted  int
	Dismissed int
	Open      int // still undecided when the review was signed
}

// Decided is the number of accepted and dismissed findings.
func (r RuleStat) Decided() int { return r.Accepted + r.Dismissed }

// AcceptanceRate is accepted / decided, 0..1 (0 when nothing was decided).
func (r RuleStat) AcceptanceRate() float64 {
	if r.Decided() == 0 {
		return 0
	}
	return float64(r.Accepted) / float64(r.Decided())
}

// OftenDismissed reports a rule whose matches reviewers reject again and
// again: at least 5 decisions and fewer than half accepted.
func (r RuleStat) OftenDismissed() bool { return r.Decided() >= 5 && r.AcceptanceRate() < 0.5 }
