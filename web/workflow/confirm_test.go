package workflow

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/corpus"
	"lawreview/review"
	"lawreview/web/files"
	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
)

// A draft whose type cannot be determined: as 其他 every worded type's
// rules run (a village's fine, a designated supplier, local protection,
// who interprets the 办法); as 村规民约 the village's rules run, one of
// them new (the adoption by the villagers' meeting), local protection
// still (it reaches any text that speaks of firms, rules/README.md), and
// the interpretation clause, a 规范性文件's, is not found.
const uncertainDraft = "情况说明\n一、本村村民乱倒垃圾的，由村委会罚款200元。\n二、建房施工材料须从镇政府指定的建材市场购买。\n三、外地企业须在本镇登记备案后方可参与招标。\n四、本办法由镇党政办公室负责解释。\n"

var testEngine struct {
	once sync.Once
	e    Engine
	err  error
}

type testEnv struct {
	s                      *Service
	st                     *sqlite.Store
	files                  *files.Store
	clerk, reviewer, other *storage.User
	adviser                *storage.User
	now                    time.Time
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	testEngine.once.Do(func() {
		laws, err := corpus.Default()
		if err != nil {
			testEngine.err = err
			return
		}
		e, err := review.New(review.Config{Laws: laws})
		testEngine.e, testEngine.err = NewEngine(e), err
	})
	if testEngine.err != nil {
		t.Fatalf("review engine: %v", testEngine.err)
	}
	dir := t.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fs, err := files.Open(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{st: st, files: fs, now: time.Now()}
	env.s = New(Config{Store: st, Files: fs, Engine: testEngine.e, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return env.now }})
	ctx := context.Background()
	o1, _ := st.CreateOffice(ctx, "城关司法所")
	o2, _ := st.CreateOffice(ctx, "南河司法所")
	town, _ := st.CreateTownship(ctx, "东湖镇", o1)
	user := func(in UserInput) *storage.User {
		in.Password = "pw-" + in.Username + "-123456"
		id, _, err := CreateUser(ctx, st, in)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := st.User(ctx, id)
		return u
	}
	env.clerk = user(UserInput{Username: "clerk", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: town})
	env.reviewer = user(UserInput{Username: "reviewer", DisplayName: "王建国", Role: storage.RoleReviewer, OfficeID: o1})
	env.other = user(UserInput{Username: "reviewer2", DisplayName: "孙所长", Role: storage.RoleReviewer, OfficeID: o2})
	env.adviser = user(UserInput{Username: "adviser", DisplayName: "陈律师", Role: storage.RoleAdviser})
	return env
}

func (env *testEnv) upload(t *testing.T, typ string) *Uploaded {
	t.Helper()
	res, err := env.s.Upload(context.Background(), env.clerk, UploadInput{Title: "关于村容整治的情况说明", Type: typ, MeetingDate: "2030-01-01",
		FileName: "情况说明.txt", File: strings.NewReader(uncertainDraft)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func byRule(t *testing.T, fs []storage.Finding, rule string) storage.Finding {
	t.Helper()
	for _, f := range fs {
		if f.Rule == rule {
			return f
		}
	}
	t.Fatalf("no finding of %s among %v", rule, rulesIn(fs))
	return storage.Finding{}
}

func rulesIn(fs []storage.Finding) []string {
	return sortedOf(fs, func(f storage.Finding) string { return f.Rule })
}

// sortedOf is one field of each finding, sorted: findings compared by
// what they are, in whatever order they came.
func sortedOf[T cmp.Ordered](fs []storage.Finding, field func(storage.Finding) T) []T {
	var out []T
	for _, f := range fs {
		out = append(out, field(f))
	}
	slices.Sort(out)
	return out
}

func kindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return -1
}

// TestUploadConfirm: an upload whose type the clerk has not seen is held,
// nothing stored, until the clerk confirms or changes the type.
func TestUploadConfirm(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	s := env.s
	counts := func() storage.Counts {
		c, _ := env.st.Counts(ctx)
		delete(c, "audit_log")
		delete(c, "sessions")
		return c
	}
	before := counts()
	in := UploadInput{Title: "", Type: "auto", MeetingDate: "2030-01-01", Note: "备注", FileName: "情况说明.txt",
		File: strings.NewReader(uncertainDraft), AskType: true}
	res, err := s.Upload(ctx, env.clerk, in)
	if err != nil {
		t.Fatal(err)
	}
	h := res.Held
	if h == nil || res.DocumentID != 0 {
		t.Fatalf("an unconfirmed upload was not held: %+v", res)
	}
	if h.DetectedType != review.TypeOther || !h.Uncertain() || h.LikelyType != "村规民约" || !slices.Contains(h.Notices, review.NoticeAllRules) ||
		h.Suggested() != review.TypeOther || h.Title != "情况说明" || h.MeetingDate != "2030-01-01" || h.Note != "备注" {
		t.Errorf("held: %+v", h)
	}
	if after := counts(); !maps.Equal(before, after) {
		t.Errorf("holding stored something: %v → %v", before, after)
	}
	// Another clerk's token is none of his; a wrong field keeps the hold.
	other, _, err := CreateUser(ctx, env.st, UserInput{Username: "clerk9", DisplayName: "钱九", Role: storage.RoleClerk, TownshipID: env.clerk.TownshipID, Password: "pw-clerk9-123456"})
	if err != nil {
		t.Fatal(err)
	}
	ou, _ := env.st.User(ctx, other)
	if _, err := s.ConfirmUpload(ctx, ou, h.Token, UploadInput{Type: "规范性文件", MeetingDate: "2030-01-01"}); kindOf(err) != NotFound {
		t.Errorf("another clerk confirms: %v", err)
	}
	if _, err := s.ConfirmUpload(ctx, env.reviewer, h.Token, UploadInput{Type: "规范性文件", MeetingDate: "2030-01-01"}); kindOf(err) != Forbidden {
		t.Errorf("a reviewer confirms: %v", err)
	}
	if r, err := s.ConfirmUpload(ctx, env.clerk, h.Token, UploadInput{Type: "规范性文件", MeetingDate: "明天"}); kindOf(err) != Invalid || r == nil || r.Held == nil {
		t.Errorf("a wrong date: %v (%+v)", err, r)
	}
	if r, err := s.ConfirmUpload(ctx, env.clerk, h.Token, UploadInput{Type: "auto", MeetingDate: "2030-01-01"}); kindOf(err) != Invalid || r == nil || r.Held == nil {
		t.Errorf("no type confirmed: %v", err)
	}
	// The clerk confirms another type than the detected one.
	up, err := s.ConfirmUpload(ctx, env.clerk, h.Token, UploadInput{Type: "规范性文件", MeetingDate: "2030-01-01", Note: "备注"})
	if err != nil {
		t.Fatal(err)
	}
	if up.Type != "规范性文件" || up.DetectedType != review.TypeOther || len(up.Notices) != 0 || up.DocumentID == 0 {
		t.Errorf("confirmed upload: %+v", up)
	}
	r, _ := env.st.Review(ctx, up.ReviewID)
	d, _ := env.st.Document(ctx, up.DocumentID)
	if r.Type != "规范性文件" || r.DetectedType != review.TypeOther || d.Type != "规范性文件" || d.Title != "情况说明" {
		t.Errorf("stored: review %s detected %s, document %s %q", r.Type, r.DetectedType, d.Type, d.Title)
	}
	fs, _ := env.st.Findings(ctx, r.ID)
	byRule(t, fs, "nd-penalty") // the normative document's rules ran
	// A token serves once.
	if _, err := s.ConfirmUpload(ctx, env.clerk, h.Token, UploadInput{Type: "规范性文件", MeetingDate: "2030-01-01"}); kindOf(err) != NotFound {
		t.Errorf("second confirmation: %v", err)
	}
	// A type the clerk chose that detection agrees with needs no
	// confirmation; one that detection cannot confirm does.
	agreed, err := s.Upload(ctx, env.clerk, UploadInput{Type: "村规民约", MeetingDate: "2030-01-01", FileName: "村规民约.txt",
		File: strings.NewReader("东山村村规民约\n一、村民应当爱护公共设施。\n"), AskType: true})
	if err != nil || agreed.Held != nil || agreed.DocumentID == 0 {
		t.Errorf("agreed type held: %+v %v", agreed, err)
	}
	chosen, err := s.Upload(ctx, env.clerk, UploadInput{Type: "合同", MeetingDate: "2030-01-01", FileName: "情况说明.txt",
		File: strings.NewReader(uncertainDraft), AskType: true})
	if err != nil || chosen.Held == nil || chosen.Held.Type != "合同" || chosen.Held.Suggested() != "合同" {
		t.Errorf("a chosen type detection does not give: %+v %v", chosen, err)
	}
}

// Held uploads expire, and a clerk holds only a few: the staged files go.
func TestHeldUploadsBounded(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	hold := func() *HeldUpload {
		t.Helper()
		res, err := env.s.Upload(ctx, env.clerk, UploadInput{Type: "auto", MeetingDate: "2030-01-01", FileName: "情况说明.txt",
			File: bytes.NewReader([]byte(uncertainDraft)), AskType: true})
		if err != nil || res.Held == nil {
			t.Fatalf("hold: %+v %v", res, err)
		}
		return res.Held
	}
	var hs []*HeldUpload
	for range maxHoldsPerUser + 1 {
		hs = append(hs, hold())
	}
	if n, _ := env.files.Count(); n != maxHoldsPerUser {
		t.Errorf("%d staged files for %d holds allowed", n, maxHoldsPerUser)
	}
	if _, err := env.s.ConfirmUpload(ctx, env.clerk, hs[0].Token, UploadInput{Type: "村规民约", MeetingDate: "2030-01-01"}); kindOf(err) != NotFound {
		t.Errorf("the oldest hold survived: %v", err)
	}
	env.now = env.now.Add(holdTTL)
	if _, err := env.s.ConfirmUpload(ctx, env.clerk, hs[1].Token, UploadInput{Type: "村规民约", MeetingDate: "2030-01-01"}); kindOf(err) != NotFound {
		t.Errorf("an expired hold was confirmed: %v", err)
	}
	if n, _ := env.files.Count(); n != 0 {
		t.Errorf("%d staged files left after expiry", n)
	}
}
