package storage

import (
	"context"

	"lawreview/review/precedent"
)

// PrecedentStore keeps the precedents: the decided findings of signed
// reviews (written in the sign-off transaction) and imported ones. A Store
// that also implements it makes sign-offs teach later reviews; the SQLite
// store does.
type PrecedentStore interface {
	// ReviewPrecedents returns the precedents a review's latest sign-off
	// produced (none while it was never signed).
	ReviewPrecedents(ctx context.Context, reviewID int64) ([]precedent.Precedent, error)
	// RecordPrecedents (re)writes the precedents of a signed review from
	// its findings; idempotent. Sign-off does it in its own transaction;
	// this is for reviews signed before precedents existed.
	RecordPrecedents(ctx context.Context, reviewID int64) (int, error)
	// BackfillPrecedents records the precedents of every signed review
	// that has none yet and returns how many reviews it filled.
	BackfillPrecedents(ctx context.Context) (int, error)
	// ImportPrecedents stores imported precedents in one transaction: all
	// or nothing. A record whose id is already stored replaces it; one
	// that says what a stored precedent already says is skipped.
	ImportPrecedents(ctx context.Context, ps []precedent.Precedent) (ImportResult, error)
	// Precedent returns one precedent by id.
	Precedent(ctx context.Context, id string) (*precedent.Precedent, error)
	// EachPrecedent calls fn for every precedent in export order (date,
	// then export id); fn's error stops the walk and is returned.
	EachPrecedent(ctx context.Context, fn func(p *precedent.Precedent) error) error
	// PrecedentStamp changes whenever precedents are added, replaced or
	// removed, so that a search index can tell it is behind.
	PrecedentStamp(ctx context.Context) (string, error)
	// RuleStats counts, per rule, the findings of signed reviews that
	// reviewers accepted and dismissed.
	RuleStats(ctx context.Context) ([]RuleStat, error)
}

// ImportResult says what an import did.
type ImportResult struct {
	Added    int
	Replaced int
	Skipped  int // the same decision was already stored
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
