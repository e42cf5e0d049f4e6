package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lawreview/web/workflow"
)

// An office's province is set by the administrator and decides which local
// regulations its users' searches include; a search may ask otherwise.
func TestSearchProvince(t *testing.T) {
	e := newEnv(t)
	admin, clerk, clerk3 := e.login("admin"), e.login("clerk"), e.login("clerk3")
	office := e.users["reviewer"].OfficeID
	path := fmt.Sprintf("/api/v1/admin/offices/%d", office)
	if st := clerk.do("POST", path, map[string]any{"province": "浙江"}, nil); st != http.StatusForbidden {
		t.Errorf("clerk sets a province: %d", st)
	}
	var bad struct {
		Error string `json:"error"`
	}
	if st := admin.do("POST", path, map[string]any{"province": "<b>浙江</b>"}, &bad); st != http.StatusBadRequest || !strings.Contains(bad.Error, "省份") {
		t.Errorf("bad province: %d %q", st, bad.Error)
	}
	if st := admin.do("POST", "/api/v1/admin/offices/999", map[string]any{"province": "浙江"}, nil); st != http.StatusNotFound {
		t.Errorf("missing office: %d", st)
	}
	if st := admin.do("POST", path, map[string]any{"province": " 浙江 "}, nil); st != http.StatusOK {
		t.Fatalf("set province: %d", st)
	}
	var offices struct {
		Offices []struct {
			ID       int64  `json:"id"`
			Province string `json:"province"`
		} `json:"offices"`
	}
	admin.do("GET", "/api/v1/admin/offices", nil, &offices)
	for _, o := range offices.Offices {
		if want := map[bool]string{true: "浙江", false: ""}[o.ID == office]; o.Province != want {
			t.Errorf("office %d province %q, want %q", o.ID, o.Province, want)
		}
	}
	for _, tc := range []struct {
		c                *client
		query            string
		province, notice string
	}{
		// 东湖镇's clerk works for the office in 浙江 (the built-in corpus
		// has no local regulations: the notice says so)
		{clerk, "q=罚款", "浙江", "索引中没有浙江的地方性法规"},
		{clerk3, "q=罚款", "", "未检索地方性法规（未设置所在省份）"},
		{clerk, "q=罚款&province=", "", "未检索地方性法规（未设置所在省份）"},
		{clerk3, "q=罚款&province=浙江省", "浙江", "索引中没有浙江的地方性法规"},
		{clerk3, "q=罚款&all_regions=1", "全部", ""},
		{clerk, "q=罚款&level=法律&level=行政法规", "", ""},
		{clerk, "q=罚款&level=法律,地方法规", "浙江", "索引中没有浙江的地方性法规"},
	} {
		var res workflow.SearchResult
		if st := tc.c.do("GET", "/api/v1/search?"+tc.query, nil, &res); st != http.StatusOK {
			t.Errorf("%s: %d", tc.query, st)
			continue
		}
		if res.Province != tc.province || res.Notice != tc.notice || res.Snapshot == "" {
			t.Errorf("%s: province %q notice %q snapshot %q, want %q %q", tc.query, res.Province, res.Notice, res.Snapshot, tc.province, tc.notice)
		}
	}
	var lookup workflow.SearchResult
	clerk.do("GET", "/api/v1/search?q="+url.QueryEscape("《物权法》第五十九条"), nil, &lookup)
	if !lookup.Lookup || len(lookup.Hits) == 0 || lookup.Hits[0].Article != "第二百六十一条" || !strings.Contains(lookup.Notice, "废止") {
		t.Errorf("《物权法》第五十九条: %+v", lookup)
	}
	if st := clerk.do("GET", "/api/v1/search?q=罚款&level=县规", nil, &bad); st != http.StatusBadRequest || !strings.Contains(bad.Error, "未知的法律层级") {
		t.Errorf("unknown level: %d %q", st, bad.Error)
	}
	// The form shows the office's province, changeable, and the levels.
	st, _, body := clerk.get("/search?q=" + url.QueryEscape("罚款"))
	page := string(body)
	if st != http.StatusOK || !strings.Contains(page, `name="province" value="浙江"`) || !strings.Contains(page, `name="level" value="行政法规"`) ||
		!strings.Contains(page, "索引中没有浙江的地方性法规") || !strings.Contains(page, "此后公布的修改未收录") {
		t.Errorf("search page: %d\n%s", st, page)
	}
	// Every article link the page renders opens its article: the link's
	// law and article reach the handler as they are written, not escaped
	// twice (html/template escapes a value in a query itself).
	links := regexp.MustCompile(`href="(/laws/article\?[^"]+)"`).FindAllStringSubmatch(page, 3)
	if len(links) == 0 {
		t.Errorf("search page has no article link")
	}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		if st, _, _ := clerk.get(href); st != http.StatusOK {
			t.Errorf("article link %s: %d", href, st)
		}
	}
	st, _, body = admin.get("/admin")
	if st != http.StatusOK || !strings.Contains(string(body), fmt.Sprintf(`action="/admin/offices/%d"`, office)) || !strings.Contains(string(body), `name="province" value="浙江"`) {
		t.Errorf("admin page: %d", st)
	}
	st, _, body = clerk.get("/laws/article?law=" + url.QueryEscape("村民委员会组织法") + "&article=" + url.QueryEscape("第二十七条"))
	if st != http.StatusOK || !strings.Contains(string(body), "此后公布的修改未收录") {
		t.Errorf("article page: %d", st)
	}
}
