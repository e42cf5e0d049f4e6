package web

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
)

// raceStore runs a hook the first time the sign-off reads the version it
// signs, that is after the handler's own "is this the latest version?"
// check and before the sign-off transaction.
type raceStore struct {
	*sqlite.Store
	once   sync.Once
	before func()
}

func (r *raceStore) Version(ctx context.Context, id int64) (*storage.Version, error) {
	r.once.Do(func() {
		if r.before != nil {
			r.before()
		}
	})
	return r.Store.Version(ctx, id)
}

// Issue 14, defect 4: a sign-off of version 1 sent while version 2 was
// being stored returned 200; the document showed 已签发 although version 2
// was open, version 2 left the queue, and the opinion was 404. The latest
// version must be checked inside the sign-off transaction.
func TestSignoffRacingNewVersion(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadDraft(clerk)
	r := e.review(rev, up.ReviewID)
	rs := &raceStore{Store: e.store}
	rs.before = func() {
		var res UploadResult
		if st := clerk.upload(fmt.Sprintf("/api/v1/documents/%d/versions", up.DocumentID), "村规民约-修改稿.txt", []byte(villageRules+"\n第二十条 本规约自通过之日起施行。\n"), nil, &res); st != http.StatusCreated {
			t.Errorf("upload of version 2 during the sign-off: %d", st)
		}
	}
	e.srv.flow.Store = rs

	var body map[string]any
	st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID),
		map[string]any{"row_version": r.RowVersion, "conclusion": "不合法", "opinion": "罚款等条款违法。"}, &body)
	if st != http.StatusConflict {
		t.Errorf("sign-off of version 1 after version 2 was stored: %d %v, want 409", st, body)
	}
	var doc map[string]any
	clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d", up.DocumentID), nil, &doc)
	if doc["status"] != string(storage.DocPending) || doc["version"] != float64(2) {
		t.Errorf("document after the race: status %v, version %v; want pending, 2", doc["status"], doc["version"])
	}
	var q struct {
		Queue []map[string]any `json:"queue"`
	}
	rev.do("GET", "/api/v1/queue", nil, &q)
	found := false
	for _, d := range q.Queue {
		found = found || d["id"] == float64(up.DocumentID)
	}
	if !found {
		t.Error("version 2 is not in the reviewer's queue")
	}
	if st := e.review(rev, up.ReviewID); st.Status != storage.ReviewOpen {
		t.Errorf("review of version 1 is %s, want still open", st.Status)
	}
}
