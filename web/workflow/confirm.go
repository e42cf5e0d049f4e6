package workflow

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"lawreview/corpus/extract"
	"lawreview/review"
	"lawreview/web/auth"
	"lawreview/web/files"
	"lawreview/web/storage"
)

// The clerk confirms the type of a new draft before it is stored (issue
// 10): the type decides which rules run and which articles a finding
// cites, and detection cannot always tell. The upload page detects the
// type as soon as a file is chosen and shows it; a form posted before that
// (no script, or a type that is not the detected one) is held here, the
// clerk is shown the detected type and confirms or changes it, and only
// then is the draft reviewed and stored.

// HeldUpload is an upload waiting for the clerk to confirm its type. Its
// file is staged, not stored, until ConfirmUpload takes it or it expires.
type HeldUpload struct {
	Token    string
	FileName string
	Size     int64
	Title    string // the form's title, else the file's
	Type     string // the type the clerk chose before seeing the detected one; "" for none
	// DetectedType is what detection gives; for a draft of undetermined
	// type (其他) LikelyType is the type its wording points to and Notices
	// what its review will say.
	DetectedType string
	LikelyType   string
	Notices      []string
	MeetingDate  string
	Note         string
	// ConfirmPastMeeting keeps the upload form's 会议已开 tick, so the
	// clerk does not confirm a past meeting date twice.
	ConfirmPastMeeting bool
	Expires            time.Time
}

// Uncertain reports whether the type could not be determined.
func (h *HeldUpload) Uncertain() bool { return h.DetectedType == review.TypeOther }

// Suggested is the type the confirmation form selects first: the clerk's
// own choice, else the detected type.
func (h *HeldUpload) Suggested() string {
	if h.Type != "" {
		return h.Type
	}
	return h.DetectedType
}

var errHoldGone = fail(NotFound, "待确认的上传不存在或已过期（保留一小时），请重新选择文件")

// Held uploads cost a staged file each (up to the upload limit) and the
// extracted text: a few per clerk, a bounded number in all, an hour each.
// A restart forgets them (files.Open removes staged files).
const (
	holdTTL         = time.Hour
	maxHoldsPerUser = 3
	maxHolds        = 32
)

type holds struct {
	mu   sync.Mutex
	m    map[string]*hold
	seen uint64 // holds made, which orders them (clocks may stand still)
}

type hold struct {
	HeldUpload
	user   int64
	seq    uint64
	staged *files.Staged
	name   string // the stored file name (uploadName)
	xd     *extract.Document
}

// put holds an upload and returns what the clerk is shown. The oldest
// holds give way when the clerk, or everyone together, holds too many.
func (hs *holds) put(u *storage.User, h *hold, in UploadInput, now time.Time) *HeldUpload {
	h.user = u.ID
	h.Token = auth.Token(18)
	h.FileName, h.Size = h.name, h.staged.Size
	h.Type = in.Type
	if h.Type == "auto" {
		h.Type = ""
	}
	if h.Uncertain() {
		h.Notices = []string{review.NoticeAllRules}
	} else {
		h.LikelyType = ""
	}
	h.MeetingDate, h.Note, h.ConfirmPastMeeting = in.MeetingDate, in.Note, in.ConfirmPastMeeting
	h.Expires = now.Add(holdTTL)
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.m == nil {
		hs.m = map[string]*hold{}
	}
	hs.seen++
	h.seq = hs.seen
	hs.sweepLocked(now)
	var mine, all []*hold
	for _, x := range hs.m {
		all = append(all, x)
		if x.user == u.ID {
			mine = append(mine, x)
		}
	}
	hs.evictLocked(mine, maxHoldsPerUser-1)
	hs.evictLocked(all, maxHolds-1)
	hs.m[h.Token] = h
	out := h.HeldUpload
	return &out
}

// evictLocked drops the oldest of list until at most keep of them remain
// held.
func (hs *holds) evictLocked(list []*hold, keep int) {
	var live []*hold
	for _, x := range list {
		if hs.m[x.Token] == x {
			live = append(live, x)
		}
	}
	sort.Slice(live, func(i, j int) bool { return live[i].seq < live[j].seq })
	for len(live) > keep {
		hs.dropLocked(live[0])
		live = live[1:]
	}
}

func (hs *holds) dropLocked(h *hold) {
	delete(hs.m, h.Token)
	h.staged.Discard()
}

func (hs *holds) sweepLocked(now time.Time) {
	for _, h := range hs.m {
		if !now.Before(h.Expires) {
			hs.dropLocked(h)
		}
	}
}

// find returns the user's held upload, nil when there is none (another
// user's token is none); take also removes it, and the caller then
// stores or discards its file.
func (hs *holds) find(u *storage.User, token string, now time.Time, take bool) *hold {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	hs.sweepLocked(now)
	h := hs.m[token]
	if h == nil || h.user != u.ID {
		return nil
	}
	if take {
		delete(hs.m, token)
	}
	return h
}

// ConfirmUpload stores a held upload with the type the clerk confirmed or
// chose and the form's other fields: the same review, in the same single
// transaction, as Upload. When a field is wrong the upload stays held and
// is returned with the error (Uploaded.Held), so that the form can be
// shown again.
func (s *Service) ConfirmUpload(ctx context.Context, u *storage.User, token string, in UploadInput) (*Uploaded, error) {
	if err := s.requireOwnTownship(u, in.TownshipID); err != nil {
		return nil, err
	}
	found := s.held.find(u, token, s.now(), false)
	if found == nil {
		return nil, errHoldGone
	}
	held := &HeldUpload{}
	*held = found.HeldUpload // a copy: the hold may be taken meanwhile
	if _, err := s.checkUpload(nil, &in); err != nil {
		return &Uploaded{Held: held}, err
	}
	if in.Type == "" || in.Type == "auto" {
		return &Uploaded{Held: held}, fail(Invalid, "请确认文件类型")
	}
	h := s.held.find(u, token, s.now(), true)
	if h == nil {
		return nil, errHoldGone // taken meanwhile: a second submission of the same form
	}
	stored := false
	defer func() {
		if !stored {
			h.staged.Discard()
		}
	}()
	title := in.Title
	if title == "" {
		title = h.Title
	}
	if title == "" {
		title = strings.TrimSpace(h.xd.Title)
	}
	if title == "" {
		return nil, fail(Invalid, "请填写文件标题")
	}
	detected := h.DetectedType
	if title != h.Title { // the title is read too
		detected = s.Engine.DetectType(title, h.xd.Text)
	}
	done, err := s.heavyOnce(ctx) // given back after the review: storing needs no slot
	if err != nil {
		return nil, err
	}
	defer done()
	res, err := s.store(ctx, u, nil, in, h.staged, h.name, h.xd, title, detected, done)
	if err != nil {
		return nil, err
	}
	stored = true
	return res, nil
}
