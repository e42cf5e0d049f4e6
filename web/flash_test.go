package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Issue 14, defect 10: the initial and reset passwords the admin page
// shows travelled in the lawreview_flash cookie (stored by the browser,
// sent back with the next request, logged by proxies). They are rendered
// into the answer of the form, once, and never set in a cookie.
func TestPasswordsNotInFlashCookie(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	post := func(path string, form url.Values) (*http.Response, string) {
		form.Set(csrfField, admin.csrf)
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := admin.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	pw := regexp.MustCompile(`(?:初始密码|新密码)：([A-Za-z2-9]{16})`)
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"username": {"lisi"}, "display_name": {"李四"}, "role": {"adviser"}}},
		{fmt.Sprintf("/admin/users/%d", e.users["clerk"].ID), url.Values{"role": {"clerk"}, "township_id": {fmt.Sprint(e.users["clerk"].TownshipID)}, "reset_password": {"1"}}},
	} {
		resp, page := post(c.path, c.form)
		for _, ck := range resp.Header.Values("Set-Cookie") {
			if v, _ := url.QueryUnescape(ck); strings.Contains(v, "密码") {
				t.Errorf("%s: a password in a cookie: %s", c.path, v)
			}
		}
		m := pw.FindStringSubmatch(page)
		if resp.StatusCode != http.StatusOK || m == nil {
			t.Errorf("%s: %d, password shown: %v", c.path, resp.StatusCode, m != nil)
			continue
		}
		// Shown once: the next page does not show it again.
		var again []byte
		admin.do("GET", "/admin", nil, &again)
		if strings.Contains(string(again), m[1]) {
			t.Errorf("%s: the password is shown again on the next page", c.path)
		}
	}
	// The new password works.
	if st := e.anon().do("POST", "/api/v1/session", map[string]string{"username": "clerk", "password": e.pw["clerk"]}, nil); st != http.StatusUnauthorized {
		t.Errorf("old password after the reset: %d", st)
	}
}
