package storagetest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

type world struct {
	office, town, clerk, reviewer int64
}

func seed(t *testing.T, s storage.Store) world {
	t.Helper()
	ctx := context.Background()
	var w world
	var err error
	if w.office, err = s.CreateOffice(ctx, "城关司法所"); err != nil {
		t.Fatal(err)
	}
	if w.town, err = s.CreateTownship(ctx, "东湖镇", w.office); err != nil {
		t.Fatal(err)
	}
	if w.clerk, err = s.CreateUser(ctx, &storage.User{Username: "c", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: w.town, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if w.reviewer, err = s.CreateUser(ctx, &storage.User{Username: "r", DisplayName: "王建国", Role: storage.RoleReviewer, OfficeID: w.office, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func upload(w world, docID int64) *storage.NewUpload {
	return &storage.NewUpload{
		Document: storage.Document{ID: docID, TownshipID: w.town, Title: "村规民约", Type: "村规民约", MeetingDate: time.Now(), CreatedBy: w.clerk},
		Version:  storage.Version{FileName: "a.txt", FileSHA256: "ab", FileSize: 3, Format: "txt", Text: "罚款", UploadedBy: w.clerk},
		Review:   storage.Review{Type: "村规民约", Text: "罚款", Checklist: nil},
		Findings: []storage.Finding{{Origin: "engine", Rule: "vr-fine", Severity: "error", Message: "不得罚款", Quote: "罚款", Start: 0, End: 2}},
	}
}

// A failing commit hook (the file cannot be moved into place) rolls the
// whole upload back.
func testCreateUploadRollsBack(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	before, _ := s.Counts(ctx)
	boom := errors.New("rename failed")
	if _, _, _, err := s.CreateUpload(ctx, upload(w, 0), func() error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	after, _ := s.Counts(ctx)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows before, %d after a failed upload", k, v, after[k])
		}
	}
	docID, _, _, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, v2, _, err := s.CreateUpload(ctx, upload(w, docID), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Version(ctx, v2)
	d, _ := s.Document(ctx, docID)
	if v.Number != 2 || d.LatestVersion != 2 || d.Errors != 1 {
		t.Errorf("second version: number %d, latest %d, errors %d", v.Number, d.LatestVersion, d.Errors)
	}
}

// Concurrent sign-offs with the same row version: one wins; opinion
// numbers count up per office and year without gaps or repeats.
func testSignoffOptimisticAndNumbers(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	format := &opinion.Numbering{Pattern: "{year}-{n}"}
	var numbers []string
	for i := 0; i < 3; i++ {
		_, _, rid, err := s.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		dv := derived(t, s, rid, &storage.Signoff{Conclusion: "合法", SignedAt: time.Now()})
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for j := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[j] = s.Signoff(ctx, rid, 1, &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now(), Numbering: format}, storage.DocSigned, dv)
			}()
		}
		wg.Wait()
		if ok := wins(t, errs); ok != 1 {
			t.Fatalf("%d sign-offs succeeded, want 1", ok)
		}
		sos, _ := s.Signoffs(ctx, rid)
		numbers = append(numbers, sos[0].Number)
	}
	y := time.Now().Format("2006")
	if want := []string{y + "-1", y + "-2", y + "-3"}; numbers[0] != want[0] || numbers[1] != want[1] || numbers[2] != want[2] {
		t.Errorf("numbers %v, want %v", numbers, want)
	}
}

func testOfficeProvince(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	if err := s.SetOfficeProvince(ctx, w.office, "浙江"); err != nil {
		t.Fatal(err)
	}
	os, err := s.ListOffices(ctx)
	if err != nil || len(os) != 1 || os[0].Province != "浙江" {
		t.Fatalf("offices %+v, %v", os, err)
	}
	if err := s.SetOfficeProvince(ctx, 42, "浙江"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing office: %v", err)
	}
	testUserProvince(t, s, w)
}

// testUserProvince checks User.Province, read with the user, against the
// office a user works for: a clerk's township's office (none when the
// township has none), else the user's own office.
func testUserProvince(t *testing.T, s storage.Store, w world) {
	t.Helper()
	ctx := context.Background()
	other, err := s.CreateOffice(ctx, "城南司法所") // no province
	if err != nil {
		t.Fatal(err)
	}
	loose, err := s.CreateTownship(ctx, "西山乡", 0) // no office
	if err != nil {
		t.Fatal(err)
	}
	otherTown, err := s.CreateTownship(ctx, "南湖镇", other)
	if err != nil {
		t.Fatal(err)
	}
	bureau, err := s.CreateBureau(ctx, "县司法局")
	if err != nil {
		t.Fatal(err)
	}
	add := func(u storage.User) int64 {
		u.DisplayName, u.PasswordHash = u.Username, "x"
		id, err := s.CreateUser(ctx, &u)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, c := range []struct {
		name string
		id   int64
		want string
	}{
		{"clerk of a township of an office with a province", w.clerk, "浙江"},
		{"reviewer of an office with a province", w.reviewer, "浙江"},
		{"clerk of a township of an office without", add(storage.User{Username: "c2", Role: storage.RoleClerk, TownshipID: otherTown}), ""},
		{"clerk of a township without an office", add(storage.User{Username: "c3", Role: storage.RoleClerk, TownshipID: loose}), ""},
		{"clerk of a township without an office, with an office of his own", add(storage.User{Username: "c4", Role: storage.RoleClerk, TownshipID: loose, OfficeID: w.office}), ""},
		{"clerk without a township, with an office", add(storage.User{Username: "c5", Role: storage.RoleClerk, OfficeID: w.office}), "浙江"},
		{"adviser of an office without", add(storage.User{Username: "a1", Role: storage.RoleAdviser, OfficeID: other}), ""},
		{"bureau account", add(storage.User{Username: "b1", Role: storage.RoleBureau, BureauID: bureau}), ""},
	} {
		u, err := s.User(ctx, c.id)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !u.ProvinceRead || u.Province != c.want {
			t.Errorf("%s: province %q (read %v), want %q", c.name, u.Province, u.ProvinceRead, c.want)
		}
		byName, err := s.UserByName(ctx, u.Username)
		if err != nil || byName.Province != u.Province || !byName.ProvinceRead {
			t.Errorf("%s: by name %+v, %v", c.name, byName, err)
		}
	}
}

func testDuplicatesAndNotFound(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	if _, err := s.CreateOffice(ctx, "城关司法所"); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate office: %v", err)
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "c", DisplayName: "x", Role: storage.RoleClerk, TownshipID: w.town, PasswordHash: "x"}); !errors.Is(err, storage.ErrDuplicate) {
		t.Errorf("duplicate user: %v", err)
	}
	if _, err := s.Document(ctx, 42); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	if err := s.Signoff(ctx, 42, 1, &storage.Signoff{UserID: w.reviewer, SignedAt: time.Now()}, storage.DocSigned, derived(t, s, 42, nil)); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("sign-off of a missing review: %v", err)
	}
}

// The latest-version check of a sign-off and a reopen runs inside their
// transactions (issue 14, defect 4), and the sign-off records who signed,
// for which office and township, as they were (defect 6).
func testSignoffLatestAndSnapshot(t *testing.T, b Backend) {
	s := b.open(t)
	w := seed(t, s)
	ctx := context.Background()
	docID, _, r1, err := s.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.CreateUpload(ctx, upload(w, docID), nil); err != nil {
		t.Fatal(err)
	}
	so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
	if err := s.Signoff(ctx, r1, 1, so, storage.DocSigned, derived(t, s, r1, so)); !errors.Is(err, storage.ErrSuperseded) {
		t.Fatalf("sign-off of version 1 after version 2: %v, want ErrSuperseded", err)
	}
	if d, _ := s.Document(ctx, docID); d.Status != storage.DocPending {
		t.Fatalf("document status %s after a refused sign-off", d.Status)
	}
	d, _ := s.Document(ctx, docID)
	if err := s.Signoff(ctx, d.LatestReviewID, 1, so, storage.DocSigned, derived(t, s, d.LatestReviewID, so)); err != nil {
		t.Fatal(err)
	}
	if so.UserName != "王建国" || so.OfficeName != "城关司法所" || so.TownshipName != "东湖镇" || so.OfficeID != w.office {
		t.Fatalf("snapshot %+v", so)
	}
	other, _ := s.CreateOffice(ctx, "南河司法所")
	if err := s.SetTownshipOffice(ctx, w.town, other); err != nil {
		t.Fatal(err)
	}
	u, _ := s.User(ctx, w.reviewer)
	u.DisplayName = "王某某"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	sos, _ := s.Signoffs(ctx, d.LatestReviewID)
	if len(sos) != 1 || sos[0].UserName != "王建国" || sos[0].OfficeName != "城关司法所" || sos[0].TownshipName != "东湖镇" {
		t.Fatalf("sign-off after rename and move: %+v", sos)
	}
	if r, _ := s.Review(ctx, d.LatestReviewID); r.SignerName != "王建国" {
		t.Errorf("review signer %q", r.SignerName)
	}
	for office, want := range map[int64]bool{w.office: true, other: false} {
		if got, err := s.OfficeSigned(ctx, docID, office); err != nil || got != want {
			t.Errorf("OfficeSigned(office %d) = %v, %v; want %v", office, got, err, want)
		}
	}
	if err := s.Reopen(ctx, r1, 1, w.reviewer, "重审", time.Now()); err == nil {
		t.Error("reopened the review of a superseded version")
	}
}

// derived is what the workflow writes with a sign-off: the precedents
// review/precedent derives from the review's findings as stored now.
func derived(t *testing.T, s storage.Store, reviewID int64, so *storage.Signoff) storage.Derived {
	t.Helper()
	ctx := context.Background()
	r, err := s.Review(ctx, reviewID)
	if errors.Is(err, storage.ErrNotFound) {
		return storage.Derived{}
	}
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, r.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.Findings(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	return storage.Derived{Precedents: precedent.FromReview(storage.SignedReview(d, r, so, fs)), From: fs}
}

const precedentDraft = "青山村村规民约\n第一条 对偷盗集体财物的，处以500元罚款。\n第二条 损坏公共设施的，照价赔偿。\n第三条 外嫁女不再享受集体收益分配。\n第四条 村民应当爱护环境。"

// signedReview stores a draft with four engine findings, decides them
// (accept, dismiss, leave open, accept), adds a reviewer's own finding and
// signs the review off. It returns the review id.
// SignedReview stores a signed review with decided findings, for the
// tests of one backend's own (its migrations).
func SignedReview(t *testing.T, s storage.Store) (reviewID, reviewerID int64) {
	return signedReview(t, s)
}

func signedReview(t *testing.T, s storage.Store) (reviewID, reviewerID int64) {
	t.Helper()
	ctx := context.Background()
	office, err := s.CreateOffice(ctx, "城关司法所")
	if err != nil {
		t.Fatal(err)
	}
	town, err := s.CreateTownship(ctx, "青山镇", office)
	if err != nil {
		t.Fatal(err)
	}
	uid, err := s.CreateUser(ctx, &storage.User{Username: "clerk", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: town, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	rid, err := s.CreateUser(ctx, &storage.User{Username: "rev", DisplayName: "王所长", Role: storage.RoleReviewer, OfficeID: office, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	rs := []rune(precedentDraft)
	at := func(q string) (int, int) {
		i := strings.Index(precedentDraft, q)
		st := len([]rune(precedentDraft[:i]))
		return st, st + len([]rune(q))
	}
	mk := func(rule, quote, msg string) storage.Finding {
		st, en := at(quote)
		return storage.Finding{Origin: "engine", Rule: rule, Item: "内容合法性", Severity: "error", Message: msg, Suggestion: "删除",
			Quote: string(rs[st:en]), Start: st, End: en, Line: 2, Basis: []review.Basis{{Law: "村民委员会组织法", Article: "第二十七条", Text: "..."}}}
	}
	up := &storage.NewUpload{
		Document: storage.Document{TownshipID: town, Title: "青山村村规民约", Type: "村规民约", CreatedBy: uid},
		Version:  storage.Version{FileName: "a.txt", FileSHA256: "abc", FileSize: 10, Format: "txt", Text: precedentDraft, UploadedBy: uid},
		Review:   storage.Review{Type: "村规民约", Text: precedentDraft, Checklist: nil},
		Findings: []storage.Finding{
			mk("vr-fine", "处以500元罚款", "村规民约不得设定罚款"),
			mk("vr-fine", "照价赔偿", "疑似经济处罚"),
			mk("vr-women", "外嫁女不再享受集体收益分配", "侵害妇女权益"),
			mk("vr-other", "爱护环境", "提示"),
		},
	}
	_, _, reviewID, err = s.CreateUpload(ctx, up, func() error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.Findings(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 18, 10, 0, 0, 0, time.Local)
	decide := map[string]storage.FindingDecision{
		"处以500元罚款":      {State: decision.FindingAccepted},
		"照价赔偿":          {State: decision.FindingDismissed, Reason: "照价赔偿是民事责任，不是罚款", LawfulPrecedent: true},
		"外嫁女不再享受集体收益分配": {State: decision.FindingAccepted},
	}
	for _, f := range fs {
		if d, ok := decide[f.Quote]; ok {
			d.UserID, d.At = rid, now
			if err := s.DecideFinding(ctx, reviewID, f.ID, d, "决定"); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, en := at("第四条")
	if _, err := s.AddFinding(ctx, &storage.Finding{ReviewID: reviewID, Origin: "manual", Rule: "manual", Item: "审查人意见", Severity: "warning",
		Message: "条文编号与前文不一致", Quote: string(rs[st:en]), Start: st, End: en, State: decision.FindingAccepted, CreatedBy: rid}, "新增"); err != nil {
		t.Fatal(err)
	}
	r, err := s.Review(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	so := &storage.Signoff{UserID: rid, Conclusion: "修改后合法", Opinion: "修改后可以通过", SHA256: "abc", SignedAt: now}
	if err := s.Signoff(ctx, reviewID, r.RowVersion, so, storage.DocSigned, derived(t, s, reviewID, so)); err != nil {
		t.Fatal(err)
	}
	return reviewID, rid
}

func testSignoffRecordsPrecedents(t *testing.T, b Backend) {
	s := b.open(t)
	ctx := context.Background()
	reviewID, reviewer := signedReview(t, s)
	ps, err := s.ReviewPrecedents(ctx, reviewID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]precedent.Precedent{}
	for _, p := range ps {
		got[p.Clause] = p
	}
	want := []struct {
		clause, verdict, rule, sentence string
	}{
		{"处以500元罚款", precedent.Unlawful, "vr-fine", "第一条 对偷盗集体财物的，处以500元罚款。"},
		{"照价赔偿", precedent.Lawful, "vr-fine", "第二条 损坏公共设施的，照价赔偿。"},
		{"外嫁女不再享受集体收益分配", precedent.Unlawful, "vr-women", "第三条 外嫁女不再享受集体收益分配。"},
		{"第四条", precedent.Unlawful, "manual", "第四条 村民应当爱护环境。"},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d precedents, want %d (the open finding is no precedent): %+v", len(ps), len(want), ps)
	}
	for _, w := range want {
		p, ok := got[w.clause]
		if !ok {
			t.Errorf("no precedent for %q", w.clause)
			continue
		}
		if string(p.Verdict) != w.verdict || p.Rule != w.rule || p.Sentence != w.sentence {
			t.Errorf("%q: verdict %s rule %s sentence %q", w.clause, p.Verdict, p.Rule, p.Sentence)
		}
		if p.Date != "2025-03-18" || p.Conclusion != "修改后合法" || p.Township != "青山镇" || p.DocType != "村规民约" || p.DocTitle != "青山村村规民约" {
			t.Errorf("%q: context %+v", w.clause, p)
		}
		if p.ReviewID != reviewID || p.OfficeID == 0 || p.DocumentID == 0 || p.Source != precedent.SourceReview {
			t.Errorf("%q: links %+v", w.clause, p)
		}
	}
	if p := got["照价赔偿"]; p.Reason == "" {
		t.Error("the dismissal reason is lost")
	}
	if p := got["处以500元罚款"]; len(p.Basis) != 1 || p.Basis[0].Law != "村民委员会组织法" {
		t.Errorf("basis = %+v", p.Basis)
	}

	// Recording again is idempotent: same precedents, nothing duplicated.
	stamp1, _ := s.PrecedentStamp(ctx)
	signed, _ := s.Review(ctx, reviewID)
	sos, _ := s.Signoffs(ctx, reviewID)
	if err := s.RecordPrecedents(ctx, reviewID, signed.Revision, derived(t, s, reviewID, &sos[0])); err != nil {
		t.Fatalf("RecordPrecedents: %v", err)
	}
	again, _ := s.ReviewPrecedents(ctx, reviewID)
	if len(again) != 4 {
		t.Errorf("after recording twice: %d precedents", len(again))
	}
	stamp2, _ := s.PrecedentStamp(ctx)
	if stamp1 == stamp2 {
		t.Error("stamp unchanged after a rewrite")
	}
	if ids, err := s.UnrecordedReviews(ctx); err != nil || len(ids) != 0 {
		t.Errorf("reviews to backfill in a recorded store = %v, %v", ids, err)
	}

	// Reopen, change a decision, sign again: the precedents follow.
	r, _ := s.Review(ctx, reviewID)
	if err := s.Reopen(ctx, reviewID, r.RowVersion, reviewer, "重新审查", time.Now()); err != nil {
		t.Fatal(err)
	}
	fs, _ := s.Findings(ctx, reviewID)
	for _, f := range fs {
		if f.Quote == "照价赔偿" {
			if err := s.DecideFinding(ctx, reviewID, f.ID, storage.FindingDecision{State: decision.FindingAccepted, UserID: reviewer, At: time.Now()}, "改为采纳"); err != nil {
				t.Fatal(err)
			}
		}
	}
	r, _ = s.Review(ctx, reviewID)
	so := &storage.Signoff{UserID: reviewer, Conclusion: "不合法", Opinion: "x", SHA256: "abc", SignedAt: time.Now()}
	if err := s.Signoff(ctx, reviewID, r.RowVersion, so, storage.DocSigned, derived(t, s, reviewID, so)); err != nil {
		t.Fatal(err)
	}
	after, _ := s.ReviewPrecedents(ctx, reviewID)
	if len(after) != 4 {
		t.Fatalf("after re-sign: %d precedents", len(after))
	}
	for _, p := range after {
		if p.Verdict != precedent.Unlawful || p.Conclusion != "不合法" || p.Revision != 2 {
			t.Errorf("after re-sign: %q verdict %s conclusion %s revision %d", p.Clause, p.Verdict, p.Conclusion, p.Revision)
		}
	}

	stats, err := s.RuleStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byRule := map[string]storage.RuleStat{}
	for _, r := range stats {
		byRule[r.Rule] = r
	}
	if r := byRule["vr-fine"]; r.Accepted != 2 || r.Dismissed != 0 {
		t.Errorf("vr-fine stats %+v", r)
	}
	if r := byRule["vr-other"]; r.Open != 1 || r.Decided() != 0 {
		t.Errorf("vr-other stats %+v", r)
	}
	if _, ok := byRule["manual"]; ok {
		t.Error("reviewers' own findings counted as a rule")
	}
}

func testBackfill(t *testing.T, b Backend) {
	s := b.open(t)
	ctx := context.Background()
	reviewID, _ := signedReview(t, s)
	// Simulate a review signed before the precedents migration.
	execRaw(t, s, `DELETE FROM precedents`)
	execRaw(t, s, `DELETE FROM precedent_reviews`)
	ids, err := s.UnrecordedReviews(ctx)
	if err != nil || len(ids) != 1 || ids[0] != reviewID {
		t.Fatalf("reviews to backfill = %v, %v", ids, err)
	}
	r, _ := s.Review(ctx, reviewID)
	sos, _ := s.Signoffs(ctx, reviewID)
	if err := s.RecordPrecedents(ctx, reviewID, r.Revision, derived(t, s, reviewID, &sos[0])); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	ps, _ := s.ReviewPrecedents(ctx, reviewID)
	if len(ps) != 4 {
		t.Errorf("backfilled %d precedents", len(ps))
	}
}

func exportAll(t *testing.T, s storage.Store) string {
	t.Helper()
	var buf bytes.Buffer
	err := s.EachPrecedent(context.Background(), func(p *precedent.Precedent) error { return precedent.EncodeOne(&buf, p) })
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestImportExportRoundTrip: an office's export imported by another office
// exports the same file again; importing it twice changes nothing; a bad
// record leaves nothing behind.
func testImportExportRoundTrip(t *testing.T, bk Backend) {
	ctx := context.Background()
	a := bk.open(t)
	signedReview(t, a)
	ext := `{"id":"case-1","clause":"违者罚款200元","doc_type":"村规民约","date":"2024-06-12","verdict":"违法","publisher":"某省司法厅"}` + "\n"
	ps, err := precedent.Decode(strings.NewReader(ext))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.ImportPrecedents(ctx, ps); err != nil || res.Added != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	fileA := exportAll(t, a)
	if n := strings.Count(fileA, "\n"); n != 5 {
		t.Fatalf("export has %d lines, want 5:\n%s", n, fileA)
	}
	if strings.Contains(fileA, "review-") {
		t.Errorf("export leaks local ids:\n%s", fileA)
	}

	b := bk.open(t)
	in, err := precedent.Decode(strings.NewReader(fileA))
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.ImportPrecedents(ctx, in)
	if err != nil || res.Added != 5 {
		t.Fatalf("import into b = %+v, %v", res, err)
	}
	if fileB := exportAll(t, b); fileB != fileA {
		t.Errorf("round trip differs:\nA:\n%s\nB:\n%s", fileA, fileB)
	}
	stamp, _ := b.PrecedentStamp(ctx)
	res, err = b.ImportPrecedents(ctx, in)
	if err != nil || res.Replaced != 5 || res.Added != 0 {
		t.Errorf("second import = %+v, %v", res, err)
	}
	// A's own export back into A: the decisions are already there.
	res, err = a.ImportPrecedents(ctx, in)
	if err != nil || res.Added != 0 || res.Skipped != 4 || res.Replaced != 1 {
		t.Errorf("own export into a = %+v, %v", res, err)
	}

	// All or nothing: the last record breaks a constraint.
	bad := append([]precedent.Precedent{}, in...)
	bad = append(bad, precedent.Precedent{ID: "import-new-1", Clause: "新条款", Date: "2025-01-01", Verdict: precedent.Lawful},
		precedent.Precedent{ID: "import-broken", Clause: "x", Date: "2025-01-01", Verdict: "也许"})
	before := exportAll(t, b)
	if _, err := b.ImportPrecedents(ctx, bad); err == nil {
		t.Fatal("import with a bad record succeeded")
	}
	if after := exportAll(t, b); after != before {
		t.Error("a failed import changed the store")
	}
	if s2, _ := b.PrecedentStamp(ctx); !strings.HasSuffix(s2, "/5") || s2 == "" || stamp == "" {
		t.Errorf("stamp after failed import = %q", s2)
	}
	if _, err := b.Precedent(ctx, "import-nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("missing precedent: %v", err)
	}
}

// TestPublicPrecedents: a published case keeps its source, case number and
// description through storage and an export into another office.
func testPublicPrecedents(t *testing.T, bk Backend) {
	ctx := context.Background()
	a := bk.open(t)
	line := `{"id":"pub-cgmy-0001","clause":"外嫁女不再享受集体收益分配","doc_type":"村规民约","date":"2021-05-12","verdict":"违法","publisher":"某市中级人民法院","citation":"（2020）某01民终1号","case":"外嫁女诉村民小组收益分配纠纷","source":"public"}` + "\n"
	ps, err := precedent.Decode(strings.NewReader(line))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.ImportPrecedents(ctx, ps); err != nil || res.Added != 1 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	p, err := a.Precedent(ctx, "import-pub-cgmy-0001")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != precedent.SourcePublic || p.Citation != "（2020）某01民终1号" || p.Case != "外嫁女诉村民小组收益分配纠纷" || !p.Published() {
		t.Errorf("stored public precedent: %+v", p)
	}
	file := exportAll(t, a)
	if file != line {
		t.Errorf("export:\n%s\nwant\n%s", file, line)
	}
	b := bk.open(t)
	in, err := precedent.Decode(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ImportPrecedents(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got := exportAll(t, b); got != line {
		t.Errorf("round trip:\n%s\nwant\n%s", got, line)
	}
}
