// Package decision holds what a reviewer decides: the state of each
// finding and the conclusion of the whole review. Storage keeps them, the
// workflow changes them and review/precedent derives precedents from them,
// so they sit below all three and import nothing.
//
// Both kinds are stored and sent in /api/v1 as the strings of their
// constants; Label is the one place their Chinese name is written, for
// pages, messages and documents. Rank orders the values as they are listed
// to users, from 1 (0 for a string that is none of them).
package decision

import "slices"

// FindingState is what a reviewer decided about a finding.
type FindingState string

const (
	FindingOpen      FindingState = "open"
	FindingAccepted  FindingState = "accepted"
	FindingDismissed FindingState = "dismissed"
)

// FindingStates are the states in the order they are listed.
var FindingStates = []FindingState{FindingOpen, FindingAccepted, FindingDismissed}

func (s FindingState) Label() string {
	switch s {
	case FindingOpen:
		return "待处理"
	case FindingAccepted:
		return "已采纳"
	case FindingDismissed:
		return "不采纳"
	}
	return string(s)
}

func (s FindingState) Rank() int { return slices.Index(FindingStates, s) + 1 }

// Conclusion is the outcome of a whole review. Its value is its Chinese
// name: that is what the database and the API have always held.
type Conclusion string

const (
	ConclusionLawful   Conclusion = "合法"
	ConclusionAmended  Conclusion = "修改后合法"
	ConclusionUnlawful Conclusion = "不合法"
	ConclusionReturned Conclusion = "退回补正" // the draft goes back to the clerk for a new version
)

// Conclusions a reviewer may sign, in the order they are listed.
var Conclusions = []Conclusion{ConclusionLawful, ConclusionAmended, ConclusionUnlawful, ConclusionReturned}

func (c Conclusion) Label() string { return string(c) }
func (c Conclusion) Rank() int     { return slices.Index(Conclusions, c) + 1 }
func (c Conclusion) Valid() bool   { return c.Rank() > 0 }

// ConclusionLabels lists the labels of Conclusions, for messages.
func ConclusionLabels() []string {
	out := make([]string, len(Conclusions))
	for i, c := range Conclusions {
		out[i] = c.Label()
	}
	return out
}
