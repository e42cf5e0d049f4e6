package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// docx builds a minimal Word document with one paragraph per line.
func docx(t testing.TB, lines ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)
	var body strings.Builder
	for _, l := range lines {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + l + `</w:t></w:r></w:p>`)
	}
	add("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body.String()+`</w:body></w:document>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Every bad upload is refused with a Chinese message and leaves storage
// exactly as it was: no rows, no files (not even temporary ones).
func TestBadUploadsLeaveNoTrace(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	existing := e.uploadDraft(clerk) // so that new-version uploads have a target
	expired := e.login("clerk")
	big := bytes.Repeat([]byte("村民应当遵守村规民约。\n"), testMaxUpload/30+1000)
	cases := []struct {
		name    string
		cl      *client
		path    string
		file    string
		content []byte
		fields  map[string]string
		csrf    string // "" keeps the client's
		before  func()
		want    int
	}{
		{name: "oversize", file: "大文件.txt", content: big, want: http.StatusRequestEntityTooLarge},
		{name: "oversize new version", path: fmt.Sprintf("/api/v1/documents/%d/versions", existing.DocumentID), file: "大文件.txt", content: big, want: http.StatusRequestEntityTooLarge},
		{name: "wrong type", file: "表格.xlsx", content: []byte("PK\x03\x04 not really"), want: http.StatusUnsupportedMediaType},
		{name: "executable", file: "setup.exe", content: []byte("MZ\x90\x00"), want: http.StatusUnsupportedMediaType},
		{name: "corrupt docx", file: "草案.docx", content: []byte("PK\x03\x04\x14\x00\x00\x00 truncated zip"), want: http.StatusUnprocessableEntity},
		{name: "docx that is a text file", file: "草案.docx", content: []byte("这不是 Word 文件"), want: http.StatusUnprocessableEntity},
		{name: "empty text file", file: "空白.txt", content: []byte("   \n\n"), want: http.StatusUnprocessableEntity},
		{name: "missing file", file: "", want: http.StatusBadRequest},
		{name: "missing meeting date", file: "草案.txt", content: []byte(villageRules), fields: map[string]string{"meeting_date": "-"}, want: http.StatusBadRequest},
		{name: "bad meeting date", file: "草案.txt", content: []byte(villageRules), fields: map[string]string{"meeting_date": "下周二"}, want: http.StatusBadRequest},
		{name: "bad type", file: "草案.txt", content: []byte(villageRules), fields: map[string]string{"type": "通知书"}, want: http.StatusBadRequest},
		{name: "other township", file: "草案.txt", content: []byte(villageRules), fields: map[string]string{"township_id": fmt.Sprint(e.towns["南河镇"])}, want: http.StatusForbidden},
		{name: "version of another township's document", cl: e.login("clerk2"), path: fmt.Sprintf("/api/v1/documents/%d/versions", existing.DocumentID), file: "草案.txt", content: []byte(villageRules), want: http.StatusNotFound},
		{name: "no CSRF token", file: "草案.txt", content: []byte(villageRules), csrf: "none", want: http.StatusForbidden},
		{name: "wrong CSRF token", file: "草案.txt", content: []byte(villageRules), csrf: "forged-token", want: http.StatusForbidden},
		{name: "expired session", cl: expired, file: "草案.txt", content: []byte(villageRules), before: func() { e.clock.Add(13 * 60 * 60 * 1e9) }, want: http.StatusUnauthorized},
		{name: "not logged in", cl: e.anon(), file: "草案.txt", content: []byte(villageRules), want: http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := c.cl
			if cl == nil {
				cl = clerk
			}
			if c.path == "" {
				c.path = "/api/v1/documents"
			}
			saved := cl.csrf
			switch c.csrf {
			case "none":
				cl.csrf = ""
			case "":
			default:
				cl.csrf = c.csrf
			}
			defer func() { cl.csrf = saved }()
			if c.before != nil {
				c.before()
			}
			before := e.snapshot()
			var body map[string]any
			got := cl.upload(c.path, c.file, c.content, c.fields, &body)
			if got != c.want {
				t.Errorf("status %d, want %d (%v)", got, c.want, body)
			}
			msg, _ := body["error"].(string)
			if !hasHan(msg) {
				t.Errorf("error message %q is not Chinese", msg)
			}
			if after := e.snapshot(); !reflect.DeepEqual(before, after) {
				t.Errorf("storage changed:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

// A failure while the upload's transaction is open (here: the file cannot
// be moved into place) leaves neither rows nor files.
func TestUploadFailureInsideTransaction(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	before := e.snapshot()
	// Make the content-addressed directory for this content unwritable by
	// putting a file where the directory must go.
	sum := sha256Hex([]byte(villageRules))
	blocker := e.files.Dir() + "/" + sum[:2]
	if err := writeFile(blocker, "x"); err != nil {
		t.Fatal(err)
	}
	before.Files++ // the blocker itself
	var body map[string]any
	if st := clerk.upload("/api/v1/documents", "草案.txt", []byte(villageRules), nil, &body); st != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500 (%v)", st, body)
	}
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Errorf("storage changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

// Page forms are CSRF-protected too, and an expired session sends the user
// to the login page with a Chinese explanation.
func TestPageCSRFAndExpiry(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	form := func(token string) int {
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/reviews/%d/findings/%d", e.ts.URL, f.review, f.finding),
			strings.NewReader("action=accept&csrf_token="+token))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return rev.send(req, nil)
	}
	before := e.snapshot()
	if st := form("wrong"); st != http.StatusForbidden {
		t.Fatalf("wrong token: %d, want 403", st)
	}
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Fatalf("storage changed by a forged form")
	}
	if st := form(rev.csrf); st != http.StatusSeeOther {
		t.Fatalf("right token: %d, want 303", st)
	}
	e.clock.Add(13 * 60 * 60 * 1e9)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/reviews/%d", e.ts.URL, f.review), nil)
	resp, err := rev.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/login") {
		t.Fatalf("expired session: %d %q, want redirect to /login", resp.StatusCode, loc)
	}
	var body map[string]any
	if st := rev.do("GET", "/api/v1/session", nil, &body); st != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(body["error"]), "过期") {
		t.Fatalf("expired session API: %d %v", st, body)
	}
}

// A multipart form posted to any page route must carry the CSRF token too
// (a cross-site form can be multipart without a preflight).
func TestMultipartPageCSRF(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	clerk := e.login("clerk")
	rev := e.login("reviewer")
	for _, c := range []struct {
		cl   *client
		path string
	}{
		{clerk, "/documents"},
		{clerk, fmt.Sprintf("/documents/%d/versions", f.doc)},
		{rev, fmt.Sprintf("/reviews/%d/signoff", f.review)},
		{rev, fmt.Sprintf("/reviews/%d/findings/%d", f.review, f.finding)},
	} {
		before := e.snapshot()
		saved := c.cl.csrf
		c.cl.csrf = "" // no header: only the form field could carry it
		st := c.cl.upload(c.path, "草案.txt", []byte(villageRules), map[string]string{"csrf_token": "forged", "action": "accept", "conclusion": "合法", "opinion": "x", "row_version": "1"}, nil)
		c.cl.csrf = saved
		if st != http.StatusForbidden {
			t.Errorf("multipart POST %s with a forged token: %d, want 403", c.path, st)
		}
		if after := e.snapshot(); !reflect.DeepEqual(before, after) {
			t.Errorf("POST %s changed storage", c.path)
		}
	}
	// With the right token in the form the page upload works.
	tok := clerk.csrf
	clerk.csrf = ""
	st := clerk.upload("/documents", "草案.txt", []byte(villageRules), map[string]string{"csrf_token": tok, "type_confirmed": "1"}, nil)
	if st != http.StatusSeeOther {
		t.Errorf("page upload with the token: %d, want 303", st)
	}
}
