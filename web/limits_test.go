package web

import (
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// countingBody is a large request body that counts what the server read.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > b.left {
		n = b.left
	}
	for i := range p[:n] {
		p[i] = 'a'
	}
	b.left -= n
	b.read.Add(n)
	return int(n), nil
}

// sendBody posts body chunked (no Content-Length to refuse it by). What the
// body counts includes what the kernel buffered for the socket (a few MB
// on loopback), so the tests compare with generous bounds.
func (c *client) sendBody(path, contentType string, body io.Reader) (int, map[string]any) {
	c.e.t.Helper()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, body)
	req.ContentLength = -1
	req.Header.Set("Content-Type", contentType)
	if c.csrf != "" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil // the server closed the connection on a refused body
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

// Issue 14, defect 9: a clerk's 300 MB POST to the precedent import was
// written to /tmp before the 403, and the route had no size cap; the
// login read a 300 MB JSON body whole. Roles are checked before the body
// is read and every route has a cap.
func TestBodiesBoundedAndRoleFirst(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	const big = 100 << 20

	// A clerk's import: 403 after reading almost nothing.
	body := &countingBody{left: big}
	mp := multipartStream("file", "先例.jsonl", body)
	st, out := clerk.sendBody("/api/v1/admin/precedents/import", mp.contentType, mp)
	if st != http.StatusForbidden && st != 0 {
		t.Errorf("clerk's import: %d %v, want 403", st, out)
	}
	if n := body.read.Load(); n > 8<<20 {
		t.Errorf("clerk's import: the server read %d MB before refusing", n>>20)
	}
	// A reviewer's import over the cap: 413, also without reading it all.
	body = &countingBody{left: big}
	st, out = rev.sendBody("/api/v1/admin/precedents/import", "application/x-ndjson", body)
	if st != http.StatusRequestEntityTooLarge && st != 0 {
		t.Errorf("reviewer's oversize import: %d %v, want 413", st, out)
	}
	if n := body.read.Load(); n > 48<<20 {
		t.Errorf("reviewer's oversize import: the server read %d MB", n>>20)
	}
	// JSON routes: a huge login or comment is cut off at its cap.
	for _, tc := range []struct {
		c    *client
		path string
		max  int64
	}{
		{e.anon(), "/api/v1/session", 8 << 20},
		{rev, "/api/v1/reviews/1/comments", 8 << 20},
		{e.login("admin"), "/api/v1/admin/users", 8 << 20},
	} {
		body := &countingBody{left: big}
		st, out := tc.c.sendBody(tc.path, "application/json", io.MultiReader(strings.NewReader(`{"username":"`), body))
		if st != http.StatusRequestEntityTooLarge && st != 0 {
			t.Errorf("%s with a 100 MB body: %d %v, want 413", tc.path, st, out)
		}
		if n := body.read.Load(); n > tc.max {
			t.Errorf("%s: the server read %d MB of a 100 MB body", tc.path, n>>20)
		}
	}
}

type mpStream struct {
	io.Reader
	contentType string
}

// multipartStream is a multipart form with one file part streamed from r.
func multipartStream(field, name string, r io.Reader) *mpStream {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		w, err := mw.CreateFormFile(field, name)
		if err == nil {
			_, err = io.Copy(w, r)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return &mpStream{Reader: pr, contentType: mw.FormDataContentType()}
}
