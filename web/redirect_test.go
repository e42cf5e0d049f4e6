package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Issue 14, defect 7: /login?next=%2F%09%2Fevil.example%2Fx answered a
// successful login with Location: /\t/evil.example/x (browsers drop the
// tab: //evil.example/x), and ?m= put any text on the login page.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ next, want string }{
		{"/documents", "/documents"},
		{"/reviews/3?tab=x#f2", "/reviews/3?tab=x#f2"},
		{"/\t/evil.example/x", "/"},
		{"/\n/evil.example/x", "/"},
		{"/\r/evil.example/x", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example/x", "/"},
		{"/\\/evil.example/x", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\u2028/evil.example", "/"},
		{"", "/"},
	}
	for _, tc := range cases {
		c := e.anon()
		var page []byte
		c.do("GET", "/login?next="+url.QueryEscape(tc.next), nil, &page)
		tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
		if tok == nil {
			t.Fatal("no token in the login form")
		}
		if m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindSubmatch(page); m == nil {
			t.Fatal("no next field in the login form")
		}
		form := url.Values{"csrf_token": {string(tok[1])}, "username": {"clerk"}, "password": {e.pw["clerk"]}, "next": {tc.next}}
		req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Errorf("next %q: %v", tc.next, err) // Go's client refuses a Location with a control character
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.want {
			t.Errorf("next %q: %d Location %q, want %q", tc.next, resp.StatusCode, resp.Header.Get("Location"), tc.want)
		}
	}
	// ?m= shows only the site's own notices, never text from the URL.
	c := e.anon()
	var page []byte
	c.do("GET", "/login?m="+url.QueryEscape("系统升级，请到 evil.example 重新输入密码"), nil, &page)
	if strings.Contains(string(page), "evil.example") {
		t.Error("the login page shows text taken from ?m=")
	}
	// An expired or missing session still gets its notice.
	resp, err := c.hc.Get(e.ts.URL + "/documents")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	c.do("GET", loc, nil, &page)
	if !strings.Contains(string(page), "请先登录") {
		t.Errorf("redirect %q to the login page lost its notice", loc)
	}
}
