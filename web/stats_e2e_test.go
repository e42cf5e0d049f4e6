package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"lawreview/review/opinion"
)

// fetchLinks downloads the links of the given ids with the browser's
// session, as a click on them would, and returns each file's bytes.
func fetchLinks(t *testing.T, ctx context.Context, ids ...string) map[string][]byte {
	t.Helper()
	got := eval[map[string]string](t, ctx, `(async () => {
		const out = {};
		for (const id of `+jsStrings(ids)+`) {
			const a = document.getElementById(id);
			if (!a) continue;
			const r = await fetch(a.getAttribute('href'));
			const b = await r.blob();
			const url = await new Promise(ok => { const f = new FileReader(); f.onload = () => ok(f.result); f.readAsDataURL(b); });
			out[id] = r.status + ' ' + (r.headers.get('Content-Disposition') || '') + '\n' + url.slice(url.indexOf(',') + 1);
		}
		return out; })()`)
	files := map[string][]byte{}
	for _, id := range ids {
		v, ok := got[id]
		if !ok {
			t.Errorf("no link #%s on the page", id)
			continue
		}
		head, b64, _ := strings.Cut(v, "\n")
		data, err := base64.StdEncoding.DecodeString(b64)
		if !strings.HasPrefix(head, "200 attachment") || err != nil {
			t.Errorf("#%s: %s (%v)", id, head, err)
			continue
		}
		files[id] = data
	}
	return files
}

func jsStrings(ss []string) string {
	b, _ := json.Marshal(ss)
	return string(b)
}

// officeText opens a file in LibreOffice (converted to PDF) and returns
// the text it shows: what a user opening it would read.
func officeText(t *testing.T, what, ext string, data []byte) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pdf, err := opinion.Convert(ctx, data, ext, "pdf")
	if err != nil {
		t.Errorf("%s: LibreOffice cannot open it (for .xlsx it needs Calc: libreoffice-calc-nogui): %v", what, err)
		return ""
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("%s: pdftotext: %v", what, err)
	}
	return norm(string(out))
}

func needOffice(t *testing.T) {
	t.Helper()
	if _, s := opinion.Available(); !s {
		t.Skip("LibreOffice (soffice) is not installed: cannot open the .docx and .xlsx; CI installs it")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed; CI installs it")
	}
}

// TestBrowserStatistics opens the statistics page, the register and the
// annual report in Chromium as a 所长 and as the county 司法局, follows a
// figure to its documents, searches the register, downloads the
// register's .xlsx and the report's .docx and .xlsx, and opens those in
// LibreOffice. Screenshots go to e2e-output/ (docs/screenshots/stats.png
// is stats-page.png).
func TestBrowserStatistics(t *testing.T) {
	needOffice(t)
	e := newDemoEnv(t)
	ctx := browser(t)
	year := e.srv.flow.Today().Year()

	for _, who := range []string{"suozhang", "sifaju"} {
		loginAs(t, ctx, e.ts.URL, who, e.pw[who])
		step(t, ctx, who+" stats", chromedp.Navigate(e.ts.URL+"/stats"))
		waitFor(t, ctx, who+" stats page", `document.querySelector('#stats-overview .kpi b')`)
		if n := eval[int](t, ctx, `document.querySelectorAll('svg.chart').length`); n != 4 {
			t.Errorf("%s: %d charts, want 4", who, n)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('svg.chart a rect').length`); n < 10 {
			t.Errorf("%s: %d linked bars in the charts", who, n)
		}
		offices := eval[int](t, ctx, `document.querySelectorAll('#stats-filter select[name=office] option').length`)
		if who == "sifaju" && offices != 4 || who == "suozhang" && offices != 0 {
			t.Errorf("%s: office filter has %d options", who, offices)
		}
		shot(t, ctx, who+"-stats", true)
		if who == "sifaju" {
			// docs/screenshots/stats.png: the top of the page on a
			// taller screen.
			step(t, ctx, "tall screen", chromedp.EmulateViewport(1366, 1500))
			shot(t, ctx, "stats-page", false)
			step(t, ctx, "usual screen", chromedp.EmulateViewport(1366, 768))
		}
		// A figure opens the documents it counts.
		n := eval[string](t, ctx, `document.querySelector('#stats-overview .kpi b').textContent`)
		step(t, ctx, who+" figure", chromedp.Click(chromedp.CSS(`#stats-overview a.kpi`)))
		waitFor(t, ctx, who+" figure list", `document.querySelector('#figure-n')`)
		if got := eval[string](t, ctx, `document.querySelector('#figure-n').textContent`); got != n {
			t.Errorf("%s: the figure says %s, its list %s", who, n, got)
		}
		if rows := eval[int](t, ctx, `document.querySelectorAll('#figure-rows tbody tr').length`); fmt.Sprint(rows) != n {
			t.Errorf("%s: the figure says %s, its list has %d rows", who, n, rows)
		}
		// Filtering by a township narrows the figures.
		step(t, ctx, who+" filter", chromedp.Navigate(e.ts.URL+"/stats"))
		waitFor(t, ctx, who+" stats again", `document.querySelector('#stats-filter select[name=township]')`)
		eval[bool](t, ctx, `(document.querySelector('#stats-filter select[name=township]').selectedIndex = 1, true)`)
		step(t, ctx, who+" submit filter", chromedp.Click(chromedp.CSS(`#stats-filter button[type=submit]`)))
		waitFor(t, ctx, who+" filtered", `location.search.includes('township=') && document.querySelector('#stats-matrix')`)
		if rows := eval[int](t, ctx, `document.querySelectorAll('#stats-matrix tbody tr').length`); rows != 2 {
			t.Errorf("%s: one township chosen, the table has %d rows (want it and the total)", who, rows)
		}

		// The register: search, then download the .xlsx.
		step(t, ctx, who+" register", chromedp.Navigate(fmt.Sprintf("%s/register?year=%d", e.ts.URL, year)))
		waitFor(t, ctx, who+" register page", `document.querySelector('#register-entries tbody tr') && document.querySelector('#register-check')`)
		all := eval[int](t, ctx, `document.querySelectorAll('#register-entries tbody tr').length`)
		step(t, ctx, who+" register search",
			chromedp.SendKeys(chromedp.CSS(`#register-search input[name=q]`), "村规民约"),
			chromedp.Click(chromedp.CSS(`#register-search button[type=submit]`)))
		waitFor(t, ctx, who+" register searched", `location.search.includes('q=') && document.querySelector('#register-entries')`)
		found := eval[int](t, ctx, `document.querySelectorAll('#register-entries tbody tr').length`)
		titles := eval[[]string](t, ctx, `[...document.querySelectorAll('#register-entries tbody tr td:nth-child(3)')].map(e => e.textContent)`)
		if found == 0 || found >= all {
			t.Errorf("%s: search found %d of %d", who, found, all)
		}
		for _, ti := range titles {
			if !strings.Contains(ti, "村规民约") {
				t.Errorf("%s: search hit %q", who, ti)
			}
		}
		shot(t, ctx, who+"-register", true)
		files := fetchLinks(t, ctx, "register-xlsx")
		if x := files["register-xlsx"]; x != nil {
			wb, err := excelize.OpenReader(bytes.NewReader(x))
			if err != nil {
				t.Fatalf("%s: register .xlsx: %v", who, err)
			}
			rows, _ := wb.GetRows("文号登记")
			// Title row, header row, then one row per opinion found.
			if len(rows) != found+2 {
				t.Errorf("%s: register .xlsx has %d rows, the page %d entries", who, len(rows), found)
			}
			if txt := officeText(t, who+" register .xlsx", "xlsx", x); !strings.Contains(txt, "文号登记") || !strings.Contains(txt, norm(titles[0])) {
				t.Errorf("%s: LibreOffice shows the register .xlsx as %.300s", who, txt)
			}
		}
		// An opinion from the register, as Word and as a page.
		eval[bool](t, ctx, `(document.querySelector('#register-entries tr.entry-current a[download]').id = 'register-word', true)`)
		if d := fetchLinks(t, ctx, "register-word")["register-word"]; d != nil {
			validDocx(t, who+" opinion from the register", d)
		}
		step(t, ctx, who+" opinion", chromedp.Click(chromedp.CSS(`#register-entries tbody tr.entry-current a`)))
		waitFor(t, ctx, who+" opinion page", `document.querySelector('#opinion-toolbar') && document.body.textContent.includes('审查意见书')`)

		// The annual report and its downloads.
		step(t, ctx, who+" report", chromedp.Navigate(fmt.Sprintf("%s/report?year=%d", e.ts.URL, year)))
		waitFor(t, ctx, who+" report page", `document.querySelector('#report h3')`)
		title := eval[string](t, ctx, `document.querySelector('#report .report-title').textContent`)
		if !strings.HasSuffix(title, fmt.Sprintf("%d年度合法性审查工作情况", year)) {
			t.Errorf("%s: report title %q", who, title)
		}
		shot(t, ctx, who+"-report", true)
		files = fetchLinks(t, ctx, "report-docx", "report-xlsx")
		if d := files["report-docx"]; d != nil {
			validDocx(t, who+" report", d)
			if txt := officeText(t, who+" report .docx", "docx", d); !strings.Contains(txt, norm(title)) || !strings.Contains(txt, "审查结论") {
				t.Errorf("%s: LibreOffice shows the report .docx as %.300s", who, txt)
			}
		}
		if x := files["report-xlsx"]; x != nil {
			wb, err := excelize.OpenReader(bytes.NewReader(x))
			if err != nil {
				t.Fatalf("%s: report .xlsx: %v", who, err)
			}
			if n := len(wb.GetSheetList()); n < 4 {
				t.Errorf("%s: report .xlsx has %d sheets: %v", who, n, wb.GetSheetList())
			}
			overall, _ := wb.GetRows("总体情况")
			median := ""
			for _, r := range overall {
				if len(r) == 2 && r[0] == "签发用时中位数（天）" {
					median = r[1]
				}
			}
			if !regexp.MustCompile(`^\d+(\.\d)?$`).MatchString(median) {
				t.Errorf("%s: report .xlsx median %q, want days to one decimal", who, median)
			}
			if txt := officeText(t, who+" report .xlsx", "xlsx", x); !strings.Contains(txt, norm(title)) {
				t.Errorf("%s: LibreOffice shows the report .xlsx as %.300s", who, txt)
			}
		}
		logout(t, ctx)
	}
}
