package web

import (
	"fmt"
	"net/http"
	"testing"
)

// Every answer carries X-Content-Type-Options: nosniff and a Referrer-
// Policy: JSON, pages, files, static assets, errors, redirects (issue 14,
// defect 10: neither was sent on JSON or errors).
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	up := e.uploadDraft(clerk)
	for _, c := range []struct {
		cl   *client
		path string
	}{
		{clerk, "/api/v1/session"},
		{clerk, "/api/v1/documents"},
		{clerk, fmt.Sprintf("/api/v1/reviews/%d", up.ReviewID)},
		{clerk, "/api/v1/reviews/999999"},
		{clerk, fmt.Sprintf("/documents/%d/versions/%d/file", up.DocumentID, up.VersionID)},
		{clerk, "/documents"},
		{clerk, "/static/app.css"},
		{clerk, "/no/such/page"},
		{e.anon(), "/api/v1/documents"},
		{e.anon(), "/documents"},
		{e.anon(), "/login"},
		{e.anon(), "/healthz"},
	} {
		req, _ := http.NewRequest("GET", e.ts.URL+c.path, nil)
		resp, err := c.cl.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s (%d): X-Content-Type-Options %q", c.path, resp.StatusCode, got)
		}
		if got := resp.Header.Get("Referrer-Policy"); got == "" || got == "unsafe-url" {
			t.Errorf("%s (%d): Referrer-Policy %q", c.path, resp.StatusCode, got)
		}
	}
}
