package storage

import (
	"time"

	"lawreview/review"
)

// TypeChange is a reviewer's change of the type of a document under
// review: the review ran again with the new type (web/workflow's
// ChangeType says how findings carry over).
type TypeChange struct {
	ID       int64
	ReviewID int64
	Revision int
	From, To string
	// Kept findings were found again; KeptDecided of them carried a
	// decision or the reviewer's wording over. Added were found only now
	// and are open. Dropped are no longer found: they left the review.
	Kept, KeptDecided, Added int
	Dropped                  []DroppedFinding
	UserID                   int64
	UserName                 string
	At                       time.Time
}

// DroppedFinding is a finding a type change took out of its review, as it
// was then.
type DroppedFinding struct {
	Finding
	// Comments are the ids of the comments made on it; they stay on the
	// review, as comments on the review as a whole.
	Comments []int64
}

// Retype is everything a type change writes at once.
type Retype struct {
	// Change.Dropped are the findings to delete; the store fills their
	// Comments, and the change's ID and Revision.
	Change     TypeChange
	RowVersion int64 // the review's, as the reviewer saw it
	Checklist  []review.ChecklistItem
	Notices    []string
	LikelyType string
	// Keep are stored findings (by ID) with their contents after the
	// rerun; Add are inserted; Change.Dropped are deleted. From is what
	// the change was planned on: the store refuses with ErrConflict when
	// the stored findings differ (SameDecisions).
	Keep  []Finding
	Add   []Finding
	From  []Finding
	Event string // the review's history
}
