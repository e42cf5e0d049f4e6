package precedent

import (
	"strings"
	"time"

	"lawreview/review/decision"
)

// SignedReview is what a signed review teaches: the review as signed and
// its findings with the reviewer's decisions. The workflow fills it from
// storage; FromReview turns it into precedents.
type SignedReview struct {
	ReviewID   int64
	Revision   int
	DocumentID int64
	TownshipID int64
	OfficeID   int64
	Text       string // the text the findings' offsets index
	DocType    string
	DocTitle   string
	Township   string
	Conclusion decision.Conclusion
	SignedAt   time.Time
	Findings   []DecidedFinding
}

// DecidedFinding is one finding of a signed review as the reviewer left it.
type DecidedFinding struct {
	ID         int64
	Origin     string // engine, manual
	Rule       string
	Item       string
	Severity   string
	Message    string
	Suggestion string
	Quote      string
	Start, End int
	Basis      []Basis
	State      decision.FindingState
	Reason     string // why it was dismissed
	// LawfulPrecedent is the reviewer's explicit choice, at dismissal,
	// that the wording is lawful and should teach later reviews so
	// ("作为合法先例"). A dismissal without it records the decision on the
	// finding and nothing more.
	LawfulPrecedent bool
	// Grave is set by the caller when the finding's rule is grave
	// (review.Engine.GraveFinding): its dismissal never becomes a lawful
	// precedent, whatever was chosen.
	Grave bool
}

// FromReview derives the precedents of a signed review. This is the legal
// rule of precedents, in one place: a finding the reviewer accepted (a
// reviewer's own finding is accepted when added) says its wording is
// unlawful. A dismissal says only that this finding does not stand in
// this document — the draft may differ from the clause's usual sense, the
// reviewer may have been in a hurry — so it teaches that the wording is
// lawful only when the reviewer chose so explicitly, with a reason
// (LawfulPrecedent), and never for a grave rule: one careless dismissal of
// 游街示众 must not make the next draft's 游街示众 look lawful (issue 11).
// An open finding decided nothing and teaches nothing, nor does a finding
// without a quote (about the document as a whole).
func FromReview(r SignedReview) []Precedent {
	date := r.SignedAt.Local().Format("2006-01-02")
	var out []Precedent
	for _, f := range r.Findings {
		var verdict Verdict
		var reason string
		switch f.State {
		case decision.FindingAccepted:
			verdict = Unlawful
		case decision.FindingDismissed:
			if !f.LawfulPrecedent || f.Grave || strings.TrimSpace(f.Reason) == "" {
				continue
			}
			verdict, reason = Lawful, f.Reason
		default:
			continue
		}
		if strings.TrimSpace(f.Quote) == "" {
			continue
		}
		out = append(out, Precedent{
			ID: LocalID(r.ReviewID, f.ID), Source: SourceReview, Origin: f.Origin,
			Clause: f.Quote, Sentence: SentenceAround(r.Text, f.Start, f.End),
			DocType: r.DocType, DocTitle: r.DocTitle, Township: r.Township, Date: date, Conclusion: string(r.Conclusion),
			Rule: f.Rule, RuleTitle: f.Item, Severity: f.Severity, Problem: f.Message, Fix: f.Suggestion,
			Basis: f.Basis, Verdict: verdict, Reason: reason,
			ReviewID: r.ReviewID, FindingID: f.ID, Revision: r.Revision, DocumentID: r.DocumentID, TownshipID: r.TownshipID, OfficeID: r.OfficeID,
		})
	}
	return out
}
