package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lawreview/web/storage"
)

// newDemoEnv is a server over the demo data set (workflow.SeedDemo): three
// offices, eight townships, a year of reviews signed through the
// workflow, and the county bureau over the three offices. Its accounts
// log in with the passwords the seeding printed.
func newDemoEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	logins, err := e.srv.flow.SeedDemo(context.Background())
	if err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	for _, l := range logins {
		e.pw[l.Username] = l.Password
	}
	return e
}

// sqlCounts are figures counted straight from the tables with SQL of this
// test's own, not through the store's statistics reading or the workflow.
type sqlCounts struct {
	Received, Reviewed, Opinions, Revised int
	Conclusions                           map[string]int
	Accepted, Dismissed, Manual           int
}

func countSQL(t *testing.T, db *sql.DB, offices []int64, from, to time.Time) sqlCounts {
	t.Helper()
	lo, hi := from.UTC().Format("2006-01-02T15:04:05.000000Z"), to.UTC().Format("2006-01-02T15:04:05.000000Z")
	in := "1=1"
	if offices != nil {
		var ids []string
		for _, o := range offices {
			ids = append(ids, fmt.Sprint(o))
		}
		in = "%s IN (" + strings.Join(ids, ",") + ")"
	}
	where := func(col string) string {
		if offices == nil {
			return "1=1"
		}
		return fmt.Sprintf(in, col)
	}
	one := func(q string, args ...any) int {
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	var c sqlCounts
	c.Received = one(`SELECT COUNT(*) FROM documents d JOIN townships t ON t.id = d.township_id
		WHERE d.created_at >= ? AND d.created_at < ? AND `+where("t.office_id"), lo, hi)
	c.Opinions = one(`SELECT COUNT(*) FROM signoffs s WHERE s.signed_at >= ? AND s.signed_at < ? AND `+where("s.office_id"), lo, hi)
	c.Reviewed = one(`SELECT COUNT(DISTINCT r.document_id) FROM signoffs s JOIN reviews r ON r.id = s.review_id
		WHERE s.signed_at >= ? AND s.signed_at < ? AND `+where("s.office_id"), lo, hi)
	c.Revised = one(`SELECT COUNT(DISTINCT v.document_id) FROM versions v JOIN documents d ON d.id = v.document_id JOIN townships t ON t.id = d.township_id
		WHERE v.number > 1 AND v.uploaded_at >= ? AND v.uploaded_at < ? AND `+where("t.office_id"), lo, hi)
	c.Conclusions = map[string]int{}
	rows, err := db.Query(`SELECT conclusion, COUNT(*) FROM signoffs s WHERE s.signed_at >= ? AND s.signed_at < ? AND `+where("s.office_id")+` GROUP BY conclusion`, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var n int
		rows.Scan(&k, &n)
		c.Conclusions[k] = n
	}
	rows.Close()
	// Findings of reviews still signed, whose signature of their current
	// revision falls in the period.
	findings := `SELECT COUNT(*) FROM findings f JOIN reviews r ON r.id = f.review_id
		JOIN signoffs s ON s.review_id = r.id AND s.revision = r.revision
		WHERE r.status = 'signed' AND s.signed_at >= ? AND s.signed_at < ? AND ` + where("s.office_id")
	c.Accepted = one(findings+` AND f.origin <> 'manual' AND f.state = 'accepted'`, lo, hi)
	c.Dismissed = one(findings+` AND f.origin <> 'manual' AND f.state = 'dismissed'`, lo, hi)
	c.Manual = one(findings+` AND f.origin = 'manual'`, lo, hi)
	return c
}

// statsJSON is what the figures test reads of /api/v1/stats.
type statsJSON struct {
	Received, Reviewed, Opinions, Revised, Accepted, Dismissed, Manual figureJSON
	Conclusions                                                        []struct {
		Conclusion string     `json:"conclusion"`
		Opinions   figureJSON `json:"opinions"`
	} `json:"conclusions"`
	Matrix []struct {
		Township string `json:"township"`
		Total    struct {
			Received figureJSON `json:"received"`
		} `json:"total"`
	} `json:"matrix"`
}

type figureJSON struct {
	N    int    `json:"n"`
	Href string `json:"href"`
}

// The demo data set's figures, as the statistics give them to the
// administrator (all offices), to a reviewer (one office) and to a bureau
// (the offices assigned to it), equal counts made with SQL of the test's
// own; each figure's list holds as many rows as the figure says.
func TestStatsFiguresMatchDatabase(t *testing.T) {
	e := newDemoEnv(t)
	ctx := context.Background()
	db, err := sql.Open("sqlite", filepath.Join(e.dir, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	offices, _ := e.store.ListOffices(ctx)
	ids := map[string]int64{}
	for _, o := range offices {
		ids[o.Name] = o.ID
	}
	// A second bureau over one office, with an account.
	admin := e.login("admin")
	var created struct{ ID int64 }
	if st := admin.do("POST", "/api/v1/admin/bureaus", map[string]any{"name": "测试司法局", "office_ids": []int64{ids["南河司法所"]}}, &created); st != http.StatusCreated {
		t.Fatalf("create bureau: %d", st)
	}
	var acct struct{ Password string }
	if st := admin.do("POST", "/api/v1/admin/users", map[string]any{"username": "ju2", "display_name": "钱科员", "role": "bureau", "bureau_id": created.ID}, &acct); st != http.StatusCreated {
		t.Fatalf("create bureau account: %d", st)
	}
	e.pw["ju2"] = acct.Password

	today := e.srv.flow.Today()
	from, to := today.AddDate(-1, 0, -7), today.AddDate(0, 0, 1)
	period := "from=" + from.Format(time.DateOnly) + "&to=" + today.Format(time.DateOnly)
	spring := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.Local).AddDate(0, -5, 0)
	for _, tc := range []struct {
		user     string
		offices  []int64
		query    string
		from, to time.Time
	}{
		{"admin", nil, period, from, to},
		{"sifaju", []int64{ids["城关司法所"], ids["南河司法所"], ids["桥头司法所"]}, period, from, to},
		{"suozhang", []int64{ids["城关司法所"]}, period, from, to},
		{"ju2", []int64{ids["南河司法所"]}, period, from, to},
		{"sifaju", []int64{ids["桥头司法所"]}, fmt.Sprintf("%s&office=%d", period, ids["桥头司法所"]), from, to},
		{"admin", nil, "from=" + spring.Format(time.DateOnly) + "&to=" + spring.AddDate(0, 3, -1).Format(time.DateOnly), spring, spring.AddDate(0, 3, 0)},
	} {
		t.Run(tc.user+" "+tc.query, func(t *testing.T) {
			want := countSQL(t, db, tc.offices, tc.from, tc.to)
			if want.Opinions < 10 || want.Received < 10 || want.Accepted == 0 {
				t.Fatalf("demo data too thin to test: %+v", want)
			}
			c := e.login(tc.user)
			var got statsJSON
			if st := c.do("GET", "/api/v1/stats?"+tc.query, nil, &got); st != http.StatusOK {
				t.Fatalf("stats: %d", st)
			}
			check := func(name string, f figureJSON, n int) {
				t.Helper()
				if f.N != n {
					t.Errorf("%s: page says %d, database %d", name, f.N, n)
				}
				// The list behind the figure has as many entries.
				var l struct {
					N    int             `json:"n"`
					Rows []figureRowJSON `json:"rows"`
				}
				if st := c.do("GET", "/api/v1"+f.Href, nil, &l); st != http.StatusOK {
					t.Fatalf("%s list %s: %d", name, f.Href, st)
				}
				rows := 0
				for _, r := range l.Rows {
					rows += max(1, len(r.Findings))
				}
				if l.N != n || rows != n {
					t.Errorf("%s: list says %d with %d entries, want %d", name, l.N, rows, n)
				}
			}
			check("收到草案", got.Received, want.Received)
			check("完成审查", got.Reviewed, want.Reviewed)
			check("意见书", got.Opinions, want.Opinions)
			check("修改后重新报送", got.Revised, want.Revised)
			check("采纳", got.Accepted, want.Accepted)
			check("不采纳", got.Dismissed, want.Dismissed)
			check("审查人添加", got.Manual, want.Manual)
			sum := 0
			for _, cr := range got.Conclusions {
				check("结论"+cr.Conclusion, cr.Opinions, want.Conclusions[cr.Conclusion])
				sum += cr.Opinions.N
			}
			if sum != want.Opinions {
				t.Errorf("conclusions add up to %d, opinions %d", sum, want.Opinions)
			}
			rows := 0
			for _, m := range got.Matrix {
				rows += m.Total.Received.N
			}
			if rows != want.Received {
				t.Errorf("townships' received add up to %d, want %d", rows, want.Received)
			}
		})
	}
}

// figureRowJSON is a figure list's row as far as the count needs it.
type figureRowJSON struct {
	Findings []struct{} `json:"findings"`
}

// Every number the statistics page shows is a link to the list behind it.
func TestStatsPageEveryNumberLinks(t *testing.T) {
	e := newDemoEnv(t)
	for _, user := range []string{"suozhang", "sifaju"} {
		var page []byte
		c := e.login(user)
		if st := c.do("GET", "/stats", nil, &page); st != http.StatusOK {
			t.Fatalf("%s: /stats %d", user, st)
		}
		html := string(page)
		main := html[strings.Index(html, `id="stats-overview"`):]
		main = main[:strings.Index(main, "</main>")]
		// Drop the SVG charts' text (axis ticks) and every link; what is
		// left must hold no figure.
		noSVG := regexp.MustCompile(`(?s)<svg.*?</svg>`).ReplaceAllString(main, "")
		if strings.Count(main, "<svg") < 4 {
			t.Errorf("%s: %d charts, want 4", user, strings.Count(main, "<svg"))
		}
		links := regexp.MustCompile(`(?s)<a [^>]*href="([^"]*)"[^>]*>.*?</a>`)
		hrefs := links.FindAllStringSubmatch(noSVG, -1)
		rest := links.ReplaceAllString(noSVG, "")
		rest = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest, "")
		// Numbers of words (第 N 个工作日 in a label, percentages, years of
		// the period) are not figures: labels say which.
		rest = regexp.MustCompile(`不足 \d+ 个工作日|（\d+%）|\d{4} 年|\d{4}年\d{1,2}月(\d{1,2}日)?`).ReplaceAllString(rest, "")
		if m := regexp.MustCompile(`\d+`).FindAllString(rest, -1); len(m) > 0 {
			t.Errorf("%s: numbers without a link: %v", user, m)
		}
		seen := 0
		for _, h := range hrefs {
			href := strings.ReplaceAll(h[1], "&amp;", "&")
			if !strings.HasPrefix(href, "/stats/documents?") {
				continue
			}
			seen++
			if seen%15 != 0 { // a sample: the figures test checks the lists' sizes
				continue
			}
			if st := c.do("GET", href, nil, nil); st != http.StatusOK {
				t.Errorf("%s: %s: %d", user, href, st)
			}
		}
		if seen < 50 {
			t.Errorf("%s: %d figure links, want the page's figures", user, seen)
		}
		// Charts' bars are links too.
		svgLinks := strings.Count(main, `<a href="/stats/documents?`) - seen
		if svgLinks < 20 {
			t.Errorf("%s: %d links in the charts", user, svgLinks)
		}
	}
}

// A bureau account reads signed opinions of its offices through the
// register, and never a draft, a review or another office's opinion; it
// changes nothing.
func TestBureauReadsOnly(t *testing.T) {
	e := newDemoEnv(t)
	ctx := context.Background()
	ju := e.login("sifaju")
	var reg struct {
		Entries []struct {
			ID         int64  `json:"ID"`
			DocumentID int64  `json:"DocumentID"`
			ReviewID   int64  `json:"ReviewID"`
			Status     string `json:"status"`
			Href       string `json:"href"`
		} `json:"entries"`
	}
	if st := ju.do("GET", fmt.Sprintf("/api/v1/register?year=%d", e.srv.flow.Today().Year()), nil, &reg); st != http.StatusOK {
		t.Fatalf("register: %d", st)
	}
	if len(reg.Entries) == 0 {
		t.Fatal("bureau sees no opinions")
	}
	en := reg.Entries[0]
	for _, x := range reg.Entries {
		if x.Status == "current" {
			en = x
			break
		}
	}
	if st := ju.do("GET", en.Href, nil, nil); st != http.StatusOK {
		t.Errorf("opinion %s: %d", en.Href, st)
	}
	if st := ju.do("GET", en.Href+"/file", nil, nil); st != http.StatusOK {
		t.Errorf("opinion file: %d", st)
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/documents/%d", en.DocumentID), fmt.Sprintf("/api/v1/reviews/%d", en.ReviewID),
		fmt.Sprintf("/documents/%d", en.DocumentID), fmt.Sprintf("/documents/%d/annotated", en.DocumentID)} {
		if st := ju.do("GET", p, nil, nil); st != http.StatusNotFound && st != http.StatusForbidden {
			t.Errorf("bureau reads %s: %d", p, st)
		}
	}
	for _, p := range []string{"/api/v1/documents", "/api/v1/queue", "/api/v1/admin/users"} {
		if st := ju.do("GET", p, nil, nil); st != http.StatusForbidden {
			t.Errorf("bureau %s: %d, want 403", p, st)
		}
	}
	before := e.snapshot()
	for _, p := range []string{fmt.Sprintf("/api/v1/reviews/%d/comments", en.ReviewID), fmt.Sprintf("/api/v1/reviews/%d/reopen", en.ReviewID)} {
		if st := ju.do("POST", p, map[string]any{"body": "x", "row_version": 1, "reason": "x"}, nil); st < 400 {
			t.Errorf("bureau POST %s: %d", p, st)
		}
	}
	if after := e.snapshot(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("bureau changed storage: %v → %v", before, after)
	}
	// A bureau with one office does not read the others' opinions.
	offices, _ := e.store.ListOffices(ctx)
	var nanhe int64
	for _, o := range offices {
		if o.Name == "南河司法所" {
			nanhe = o.ID
		}
	}
	admin := e.login("admin")
	var b struct{ ID int64 }
	admin.do("POST", "/api/v1/admin/bureaus", map[string]any{"name": "邻县司法局", "office_ids": []int64{nanhe}}, &b)
	var acct struct{ Password string }
	if st := admin.do("POST", "/api/v1/admin/users", map[string]any{"username": "ju3", "display_name": "孙科员", "role": "bureau", "bureau_id": b.ID}, &acct); st != http.StatusCreated {
		t.Fatalf("create bureau account: %d", st)
	}
	e.pw["ju3"] = acct.Password
	ju3 := e.login("ju3")
	sos, err := e.store.Register(ctx, storage.StatsScope{From: time.Time{}, To: time.Now().AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	mine, others := 0, 0
	for _, so := range sos {
		if !so.Current {
			continue
		}
		st := ju3.do("GET", fmt.Sprintf("/register/%d/opinion", so.ID), nil, nil)
		switch {
		case so.OfficeID == nanhe && st == http.StatusOK:
			mine++
		case so.OfficeID != nanhe && st == http.StatusNotFound:
			others++
		default:
			t.Errorf("opinion %d of office %d: %d", so.ID, so.OfficeID, st)
		}
	}
	if mine == 0 || others == 0 {
		t.Errorf("read %d of its own office, refused %d of others", mine, others)
	}
}

// The register shows a number issued twice and a number never issued, on
// the page and in the .xlsx; the CSV holds the entries the search found.
func TestRegisterGapsAndDuplicates(t *testing.T) {
	e := newDemoEnv(t)
	db, err := sql.Open("sqlite", filepath.Join(e.dir, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	year := e.srv.flow.Today().Year()
	c := e.login("suozhang")
	type entry struct {
		ID        int64  `json:"ID"`
		DocNumber string `json:"doc_number"`
		Seq       int    `json:"seq"`
	}
	var reg struct {
		Entries    []entry `json:"entries"`
		Gaps       []struct{ From, To int }
		Duplicates []struct {
			Number  string  `json:"number"`
			Entries []entry `json:"entries"`
		} `json:"duplicates"`
	}
	path := fmt.Sprintf("/api/v1/register?year=%d", year)
	if st := c.do("GET", path, nil, &reg); st != http.StatusOK {
		t.Fatalf("register: %d", st)
	}
	if len(reg.Gaps) != 0 || len(reg.Duplicates) != 0 {
		t.Fatalf("the demo's numbers are not consecutive: gaps %v, duplicates %v", reg.Gaps, reg.Duplicates)
	}
	bySeq := map[int]entry{}
	for _, x := range reg.Entries {
		bySeq[x.Seq] = x
	}
	if bySeq[2].ID == 0 || bySeq[3].ID == 0 {
		t.Fatalf("no opinions 2 and 3: %v", reg.Entries)
	}
	// Opinion 3 carries number 2, as a clerical error would: 2 twice, 3
	// never.
	if _, err := db.Exec(`UPDATE signoffs SET number = (SELECT number FROM signoffs WHERE id = ?) WHERE id = ?`, bySeq[2].ID, bySeq[3].ID); err != nil {
		t.Fatal(err)
	}
	reg.Entries, reg.Gaps, reg.Duplicates = nil, nil, nil
	c.do("GET", path, nil, &reg)
	if len(reg.Gaps) != 1 || reg.Gaps[0].From != 3 || reg.Gaps[0].To != 3 {
		t.Errorf("gaps %v, want number 3", reg.Gaps)
	}
	if len(reg.Duplicates) != 1 || reg.Duplicates[0].Number != bySeq[2].DocNumber || len(reg.Duplicates[0].Entries) != 2 {
		t.Errorf("duplicates %+v, want %s twice", reg.Duplicates, bySeq[2].DocNumber)
	}
	var page []byte
	c.do("GET", fmt.Sprintf("/register?year=%d", year), nil, &page)
	third := strings.Replace(bySeq[2].DocNumber, "〕2号", "〕3号", 1)
	if !strings.Contains(string(page), "缺号："+third) || !strings.Contains(string(page), "重号") {
		t.Errorf("the register page does not show the gap %s and the duplicate", third)
	}
	var x []byte
	if st := c.do("GET", fmt.Sprintf("/register/export?format=xlsx&year=%d", year), nil, &x); st != http.StatusOK {
		t.Fatalf("xlsx: %d", st)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("缺号与重号")
	var kinds []string
	for _, r := range rows[2:] {
		kinds = append(kinds, r[0]+" "+r[1])
	}
	if got := strings.Join(kinds, "|"); got != "缺号 "+third+"|重号 "+bySeq[2].DocNumber {
		t.Errorf("xlsx check sheet: %s", got)
	}
	// CSV of a search: a byte order mark for Excel, the header, one line
	// per entry found.
	var csvData []byte
	c.do("GET", fmt.Sprintf("/register/export?format=csv&year=%d&q=%s", year, url.QueryEscape("村规民约")), nil, &csvData)
	var found struct {
		Entries []entry `json:"entries"`
	}
	c.do("GET", fmt.Sprintf("%s&q=%s", path, url.QueryEscape("村规民约")), nil, &found)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvData, []byte("\uFEFF")))).ReadAll()
	if err != nil || !bytes.HasPrefix(csvData, []byte("\uFEFF")) {
		t.Fatalf("csv: %v", err)
	}
	if len(found.Entries) == 0 || len(recs) != len(found.Entries)+1 || recs[0][0] != "文号" {
		t.Errorf("csv has %d lines for %d entries", len(recs), len(found.Entries))
	}
}

// The administration page's forms add a bureau with its offices, change
// them, and give the bureau an account (what a bureau account reads:
// TestStatsFiguresMatchDatabase, TestBureauReadsOnly).
func TestAdminBureauForms(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	post := func(path string, form url.Values) int {
		form.Set("csrf_token", admin.csrf)
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return admin.send(req, nil)
	}
	offices, _ := e.store.ListOffices(context.Background())
	if st := post("/admin/bureaus", url.Values{"name": {"河西县司法局"}, "office_id": {fmt.Sprint(offices[0].ID), fmt.Sprint(offices[1].ID)}}); st != http.StatusSeeOther {
		t.Fatalf("add bureau: %d", st)
	}
	var bs struct {
		Bureaus []struct {
			ID        int64   `json:"id"`
			Name      string  `json:"name"`
			OfficeIDs []int64 `json:"office_ids"`
		} `json:"bureaus"`
	}
	admin.do("GET", "/api/v1/admin/bureaus", nil, &bs)
	var id int64
	for _, b := range bs.Bureaus {
		if b.Name == "河西县司法局" {
			id = b.ID
			if len(b.OfficeIDs) != 2 {
				t.Errorf("bureau offices %v, want both", b.OfficeIDs)
			}
		}
	}
	if id == 0 {
		t.Fatalf("bureau not added: %+v", bs)
	}
	if st := post(fmt.Sprintf("/admin/bureaus/%d", id), url.Values{"office_id": {fmt.Sprint(offices[1].ID)}}); st != http.StatusSeeOther {
		t.Fatalf("set offices: %d", st)
	}
	if st := post("/admin/users", url.Values{"username": {"hexi"}, "display_name": {"钱科长"}, "role": {"bureau"}, "bureau_id": {fmt.Sprint(id)}}); st != http.StatusOK {
		t.Fatalf("add account: %d", st) // the page with the password, once
	}
	u, err := e.store.UserByName(context.Background(), "hexi")
	if err != nil || u.BureauID != id {
		t.Fatalf("account: %+v %v", u, err)
	}
	var page []byte
	admin.do("GET", "/admin", nil, &page)
	if !strings.Contains(string(page), "河西县司法局") {
		t.Error("the administration page does not list the bureau")
	}
	// Without a bureau, a bureau account is refused.
	if st := post("/admin/users", url.Values{"username": {"hexi2"}, "display_name": {"孙科长"}, "role": {"bureau"}}); st != http.StatusSeeOther {
		t.Fatalf("refused account: %d", st)
	}
	if _, err := e.store.UserByName(context.Background(), "hexi2"); err == nil {
		t.Error("a bureau account without a bureau was created")
	}
}
