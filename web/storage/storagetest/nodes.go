package storagetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// Two stores on one database, as two server nodes behind a load balancer:
// every guarantee the workplace relies on holds between them, not only
// between the goroutines of one process.

func twoNodes(t *testing.T, b Backend) (storage.Store, storage.Store) {
	open := b.Fresh(t)
	return open(t), open(t)
}

// each runs fn(i) for i in [0, n) at once and waits for all.
func each(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

// wins counts the writes that succeeded among competing ones; every other
// must have lost with ErrConflict.
func wins(t *testing.T, errs []error) int {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, storage.ErrConflict):
			t.Fatalf("a competing write failed otherwise than ErrConflict: %v", err)
		}
	}
	return ok
}

func testSessionsAcrossNodes(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	now := time.Now()
	se := &storage.Session{TokenHash: "h1", UserID: w.clerk, CSRFToken: "csrf", CreatedAt: now, ExpiresAt: now.Add(time.Hour), IP: "10.0.0.1"}
	if err := a.CreateSession(ctx, se); err != nil {
		t.Fatal(err)
	}
	got, err := c.Session(ctx, "h1")
	if err != nil || got.UserID != w.clerk || got.CSRFToken != "csrf" || !got.ExpiresAt.Equal(se.ExpiresAt.Truncate(time.Microsecond)) {
		t.Fatalf("session on the other node: %+v, %v", got, err)
	}
	if err := c.DeleteSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, "h1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("session ended on one node lives on the other: %v", err)
	}
}

// Sign-offs of many reviews on both nodes at once, each review signed
// from both: one signature per review, and the 文号 of the office count
// 1..n with no repeat and no gap.
func testNumbersAcrossNodes(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	const n = 12
	ids := make([]int64, n)
	ds := make([]storage.Derived, n)
	for i := range ids {
		_, _, rid, err := a.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = rid
		ds[i] = derived(t, a, rid, &storage.Signoff{Conclusion: "合法", SignedAt: time.Now()})
	}
	errs := make([]error, 2*n)
	each(2*n, func(i int) {
		node := []storage.Store{a, c}[i%2]
		so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now(), Numbering: &opinion.Numbering{Pattern: "{year}-{n}"}}
		errs[i] = node.Signoff(ctx, ids[i/2], 1, so, storage.DocSigned, ds[i/2])
	})
	for i := 0; i < n; i++ {
		if ok := wins(t, errs[2*i:2*i+2]); ok != 1 {
			t.Fatalf("review %d signed %d times", ids[i], ok)
		}
	}
	var got []string
	for _, id := range ids {
		sos, err := c.Signoffs(ctx, id)
		if err != nil || len(sos) != 1 {
			t.Fatalf("signoffs of %d: %+v, %v", id, sos, err)
		}
		got = append(got, sos[0].Number)
	}
	sort.Slice(got, func(i, j int) bool { return len(got[i]) < len(got[j]) || len(got[i]) == len(got[j]) && got[i] < got[j] })
	y := time.Now().Year()
	for i, g := range got {
		if want := fmt.Sprintf("%d-%d", y, i+1); g != want {
			t.Fatalf("numbers %v: #%d is %s, want %s", got, i, g, want)
		}
	}
}

// A finding decided on one node while the review is signed on the other:
// one of the two wins, never both, and a signature never stands on
// decisions other than those its precedents were derived from.
func testDecideWhileSigning(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	signed, decided := 0, 0
	for round := 0; round < 10; round++ {
		_, _, rid, err := a.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
		d := derived(t, c, rid, so)
		var signErr, decideErr error
		each(2, func(i int) {
			if i == 0 {
				signErr = c.Signoff(ctx, rid, 1, so, storage.DocSigned, d)
				return
			}
			decideErr = a.DecideFinding(ctx, rid, d.From[0].ID, storage.FindingDecision{State: decision.FindingAccepted, UserID: w.reviewer, At: time.Now()}, "采纳")
		})
		switch {
		case signErr == nil && errors.Is(decideErr, storage.ErrConflict):
			signed++
			now, _ := a.Findings(ctx, rid)
			if !storage.SameDecisions(d.From, now) {
				t.Fatalf("round %d: signed review's findings changed after the signature", round)
			}
		case decideErr == nil && errors.Is(signErr, storage.ErrConflict):
			decided++
		default:
			t.Fatalf("round %d: sign-off %v, decision %v: want exactly one to succeed", round, signErr, decideErr)
		}
	}
	t.Logf("signed first %d times, decided first %d times", signed, decided)
}

// A new version uploaded on one node while the old one is signed on the
// other: the document never ends up signed while its latest version's
// review is open.
func testVersionWhileSigning(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	for round := 0; round < 10; round++ {
		docID, _, r1, err := a.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
		dv := derived(t, c, r1, so)
		var signErr, upErr error
		each(2, func(i int) {
			if i == 0 {
				signErr = c.Signoff(ctx, r1, 1, so, storage.DocSigned, dv)
				return
			}
			_, _, _, upErr = a.CreateUpload(ctx, upload(w, docID), nil)
		})
		if upErr != nil {
			t.Fatalf("round %d: new version: %v", round, upErr)
		}
		if signErr != nil && !errors.Is(signErr, storage.ErrSuperseded) {
			t.Fatalf("round %d: sign-off: %v", round, signErr)
		}
		d, err := c.Document(ctx, docID)
		if err != nil {
			t.Fatal(err)
		}
		latest, _ := c.Review(ctx, d.LatestReviewID)
		if d.LatestVersion != 2 || latest.Status != storage.ReviewOpen || d.Status != storage.DocPending {
			t.Fatalf("round %d (sign-off %v): version %d, latest review %s, document %s; want 2, open, pending",
				round, signErr, d.LatestVersion, latest.Status, d.Status)
		}
	}
}

// New versions of one document uploaded on both nodes at once each get
// their own number.
func testVersionsAtOnce(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	docID, _, _, err := a.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	errs := make([]error, n)
	each(n, func(i int) {
		_, _, _, errs[i] = []storage.Store{a, c}[i%2].CreateUpload(ctx, upload(w, docID), nil)
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("new version: %v", err)
		}
	}
	vs, err := c.Versions(ctx, docID)
	if err != nil || len(vs) != n+1 {
		t.Fatalf("%d versions, %v; want %d", len(vs), err, n+1)
	}
	for i, v := range vs {
		if v.Number != i+1 {
			t.Fatalf("version %d has number %d", i+1, v.Number)
		}
	}
}

// The optimistic row version holds across nodes: of six saves of one
// reading, one wins.
func testConclusionsAtOnce(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	w := seed(t, a)
	_, _, rid, err := a.CreateUpload(ctx, upload(w, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := a.Review(ctx, rid)
	const n = 6
	errs := make([]error, n)
	each(n, func(i int) {
		_, errs[i] = []storage.Store{a, c}[i%2].SaveConclusion(ctx, rid, r.RowVersion, decision.ConclusionLawful, fmt.Sprintf("意见%d", i), w.reviewer, time.Now())
	})
	if ok := wins(t, errs); ok != 1 {
		t.Fatalf("%d saves of one row version succeeded, want 1", ok)
	}
}

// Login attempts on one account from both nodes at once: exactly the
// limit is let through to a password check.
func testLoginThrottleAcrossNodes(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	limit := storage.LoginLimit{Key: "user:wang", Max: 5, Window: time.Minute}
	addr := storage.LoginLimit{Key: "ip:10.0.0.9", Max: 100, Window: time.Minute}
	const n = 20
	passed := make([]bool, n)
	errs := make([]error, n)
	each(n, func(i int) {
		id, blocked, err := []storage.Store{a, c}[i%2].ReserveLogin(ctx, []storage.LoginLimit{limit, addr}, time.Now())
		passed[i], errs[i] = err == nil && blocked == nil && id != 0, err
	})
	got := 0
	for i := range passed {
		if errs[i] != nil {
			t.Fatalf("reserve: %v", errs[i])
		}
		if passed[i] {
			got++
		}
	}
	if got != limit.Max {
		t.Fatalf("%d of %d concurrent attempts passed a limit of %d", got, n, limit.Max)
	}
	if n, err := c.UnlockLogin(ctx, limit.Key); err != nil || n != limit.Max {
		t.Errorf("unlock cleared %d, %v; want %d", n, err, limit.Max)
	}
}

// Two nodes loading the same file of precedents at once (the public bank
// at their first start): both succeed, each record is stored once.
func testImportsAtOnce(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	var ps []precedent.Precedent
	for i := 0; i < 30; i++ {
		ps = append(ps, precedent.Precedent{ID: fmt.Sprintf("import-case-%02d", i), Clause: fmt.Sprintf("违者罚款%d元", 100+i), DocType: "村规民约",
			Date: "2024-06-12", Verdict: precedent.Unlawful, Publisher: "某省司法厅"})
	}
	errs := make([]error, 4)
	res := make([]storage.ImportResult, 4)
	each(4, func(i int) { res[i], errs[i] = []storage.Store{a, c}[i%2].ImportPrecedents(ctx, ps) })
	added := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		added += res[i].Added
	}
	if added != len(ps) {
		t.Errorf("added %d in all, want %d: %+v", added, len(ps), res)
	}
	if stamp, _ := c.PrecedentStamp(ctx); stamp == "" || stamp[len(stamp)-3:] != "/30" {
		t.Errorf("stamp %q, want 30 precedents", stamp)
	}
}

// The change log of precedents numbers every change without gaps, in the
// order they commit, whichever node made them, and the stamp's sequence
// is the latest change's.
func testPrecedentChanges(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	reviewID, reviewer := signedReview(t, a)
	imp := []precedent.Precedent{{ID: "import-case-1", Clause: "违者罚款200元", DocType: "村规民约", Date: "2024-06-12", Verdict: precedent.Unlawful}}
	if _, err := c.ImportPrecedents(ctx, imp); err != nil {
		t.Fatal(err)
	}
	// An import that changes nothing is no change.
	if _, err := a.ImportPrecedents(ctx, []precedent.Precedent{{ID: "import-case-2", Clause: "违者罚款200元", DocType: "村规民约", Date: "2024-06-12", Verdict: precedent.Unlawful}}); err != nil {
		t.Fatal(err)
	}
	changes, err := c.PrecedentChanges(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Seq != 1 || changes[0].ReviewID != reviewID || changes[1].Seq != 2 ||
		changes[1].ReviewID != 0 || len(changes[1].IDs) != 1 || changes[1].IDs[0] != "import-case-1" {
		t.Fatalf("changes %+v", changes)
	}
	stamp, _ := a.PrecedentStamp(ctx)
	if want := fmt.Sprintf("%d/", changes[1].Seq); stamp[:len(want)] != want {
		t.Errorf("stamp %s, latest change %d", stamp, changes[1].Seq)
	}
	if rest, err := a.PrecedentChanges(ctx, 1, 100); err != nil || len(rest) != 1 || rest[0].Seq != 2 {
		t.Errorf("changes after 1: %+v, %v", rest, err)
	}
	// Sign-offs on both nodes at once: numbered without gaps.
	clerk, err := a.UserByName(ctx, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	w := world{town: clerk.TownshipID, clerk: clerk.ID, reviewer: reviewer}
	const n = 8
	ids := make([]int64, n)
	ds := make([]storage.Derived, n)
	for i := range ids {
		_, _, rid, err := a.CreateUpload(ctx, upload(w, 0), nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[i], ds[i] = rid, derived(t, a, rid, &storage.Signoff{Conclusion: "合法", SignedAt: time.Now()})
	}
	errs := make([]error, n)
	each(n, func(i int) {
		so := &storage.Signoff{UserID: w.reviewer, Conclusion: "合法", Opinion: "同意", SHA256: "ab", SignedAt: time.Now()}
		errs[i] = []storage.Store{a, c}[i%2].Signoff(ctx, ids[i], 1, so, storage.DocSigned, ds[i])
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := a.PrecedentChanges(ctx, 0, 100)
	if err != nil || len(all) != n+2 {
		t.Fatalf("%d changes, %v; want %d", len(all), err, n+2)
	}
	for i, ch := range all {
		if ch.Seq != int64(i+1) {
			t.Fatalf("change %d numbered %d", i+1, ch.Seq)
		}
	}
}

// Successful logins on both nodes at once, each forgetting its attempt
// and resetting the account's failures, while others reserve: none fails
// (PostgreSQL once found deadlocks here, resets deleting the rows other
// resets and reservations were deleting, in another order).
func testLoginsForgetAtOnce(t *testing.T, b Backend) {
	ctx := context.Background()
	a, c := twoNodes(t, b)
	user := storage.LoginLimit{Key: "user:wang", Max: 1000, Window: time.Minute}
	addr := storage.LoginLimit{Key: "ip:10.0.0.9", Max: 1000, Window: time.Minute}
	const n, rounds = 48, 10
	errs := make([]error, n)
	each(n, func(i int) {
		st := []storage.Store{a, c}[i%2]
		for range rounds {
			id, blocked, err := st.ReserveLogin(ctx, []storage.LoginLimit{user, addr}, time.Now())
			if err == nil && blocked != nil {
				err = fmt.Errorf("blocked by %s", blocked.Limit.Key)
			}
			if err == nil {
				// The password is checked meanwhile: other resets find
				// this attempt's rows.
				time.Sleep(time.Duration(1+i%5) * time.Millisecond)
				err = st.ForgetLogin(ctx, id, user.Key)
			}
			if err != nil {
				errs[i] = err
				return
			}
		}
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("login %d: %v", i, err)
		}
	}
}
