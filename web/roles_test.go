package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"lawreview/web/workflow"
)

// fixture is one freshly uploaded draft of 东湖镇 (office 1).
type fixture struct {
	doc, version, review, finding int64
}

func (e *env) fixture() fixture {
	e.t.Helper()
	if e.clerkC == nil {
		e.clerkC, e.reviewerC = e.login("clerk"), e.login("reviewer")
	}
	res := e.uploadDraft(e.clerkC)
	r := e.review(e.reviewerC, res.ReviewID)
	if len(r.Findings) == 0 {
		e.t.Fatal("fixture draft has no findings")
	}
	return fixture{doc: res.DocumentID, version: res.VersionID, review: res.ReviewID, finding: r.Findings[0].ID}
}

var allRoles = []string{"", "clerk", "clerk2", "clerk3", "reviewer", "reviewer2", "adviser", "admin", "bureau"}

// statsReaders may read the statistics, the register and the report: of
// their office, of the bureau's offices, of all offices.
var statsReaders = map[string]int{"reviewer": 200, "reviewer2": 200, "admin": 200, "bureau": 200}

// TestRoutesByRole calls every route as every role, including a clerk of
// another township in the same office (clerk2) and one of another office
// (clerk3), and the county bureau (bureau: office 1's signed opinions
// and figures only, never a draft): each gets the answer the access rules
// promise.
func TestRoutesByRole(t *testing.T) {
	e := newEnv(t)
	type rc struct {
		method, path string
		body         any
		upload       bool
		allow        map[string]int // role -> status; others get 403 (anonymous: 401 or a redirect to /login)
		// doc: the route is on the fixture's document. Roles that may not
		// even read it get 404, as for an id that does not exist, so that
		// answers do not tell which ids exist; roles that read it get 403.
		doc bool
		// gate: roles let past a check of the role alone, made before the
		// document is looked up (the others get 403 whatever the id).
		gate []string
	}
	readers := map[string]bool{"clerk": true, "reviewer": true} // of the fixture's document
	read := map[string]int{"clerk": 200, "reviewer": 200}
	cases := []func(f fixture) rc{
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/documents", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200, "reviewer": 200, "reviewer2": 200, "adviser": 200}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d", f.doc), allow: read}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d/opinion", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		// Downloads of the signed opinion: none before sign-off, and not for
		// others at all (after sign-off: TestDownloadsByRole).
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d/opinion?format=docx", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d/annotated", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/documents/%d/suggested", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/documents/%d/opinion/pdf", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/documents/%d/annotated", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/documents/%d/suggested", f.doc), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/reviews/%d", f.review), allow: read}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/reviews/%d/history", f.review), allow: read}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/api/v1/reviews/%d/compare", f.review), allow: map[string]int{"clerk": 404, "reviewer": 404}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/queue", allow: map[string]int{"reviewer": 200, "reviewer2": 200}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/documents", upload: true, allow: map[string]int{"clerk": 201, "clerk2": 201, "clerk3": 201}}
		},
		func(f fixture) rc {
			return rc{doc: true, gate: []string{"clerk", "clerk2", "clerk3"}, method: "POST", path: fmt.Sprintf("/api/v1/documents/%d/versions", f.doc), upload: true, allow: map[string]int{"clerk": 201}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/findings/%d", f.review, f.finding), body: map[string]any{"action": "accept"}, allow: map[string]int{"reviewer": 200}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/findings", f.review), body: map[string]any{"start": 0, "end": 4, "message": "标题不规范"}, allow: map[string]int{"reviewer": 201}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/conclusion", f.review), body: map[string]any{"row_version": 1, "conclusion": "修改后合法", "opinion": "草稿"}, allow: map[string]int{"reviewer": 200}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), body: map[string]any{"row_version": 1, "conclusion": "不合法", "opinion": "罚款等条款违法。"}, allow: map[string]int{"reviewer": 200}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/reopen", f.review), body: map[string]any{"row_version": 1, "reason": "补充意见"}, allow: map[string]int{"reviewer": 409}}
		},
		// The reviewer changes the type of a document under review; the
		// clerk, who confirmed it at upload, no longer may.
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/type", f.review), body: map[string]any{"row_version": 1, "type": "规范性文件"}, allow: map[string]int{"reviewer": 200}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/reviews/%d/type", f.review), body: map[string]any{"row_version": 1, "type": "规范性文件"}, allow: map[string]int{"reviewer": 303}}
		},
		// A held upload is confirmed by the clerk who made it only: to any
		// other clerk its token is none (404, like an id that does not exist).
		func(f fixture) rc {
			res, err := e.srv.flow.Upload(e.t.Context(), e.users["clerk"], workflow.UploadInput{Type: "auto", MeetingDate: "2030-01-01",
				FileName: "情况说明.txt", File: strings.NewReader(uncertainDraft), AskType: true})
			if err != nil || res.Held == nil {
				e.t.Fatalf("hold an upload: %+v %v", res, err)
			}
			return rc{doc: true, gate: []string{"clerk", "clerk2", "clerk3"}, method: "POST", path: "/documents/confirm",
				body: map[string]any{"token": res.Held.Token, "type": "村规民约", "meeting_date": "2030-01-01"}, allow: map[string]int{"clerk": 303}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/comments", f.review), body: map[string]any{"body": "同意"}, allow: map[string]int{"reviewer": 201}}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "POST", path: fmt.Sprintf("/api/v1/reviews/%d/advisers", f.review), body: map[string]any{"user_id": e.users["adviser"].ID}, allow: map[string]int{"reviewer": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/search?q=罚款", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200, "reviewer": 200, "reviewer2": 200, "adviser": 200, "bureau": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/laws/article?law=村民委员会组织法&article=第二十七条", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200, "reviewer": 200, "reviewer2": 200, "adviser": 200, "admin": 200, "bureau": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/session", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200, "reviewer": 200, "reviewer2": 200, "adviser": 200, "admin": 200, "bureau": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/admin/users", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/admin/offices", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/admin/townships", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/admin/audit", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/offices", body: map[string]any{"name": "新所" + fmt.Sprint(f.doc)}, allow: map[string]int{"admin": 201}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/offices/1", body: map[string]any{"province": "浙江"}, allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/townships", body: map[string]any{"name": "新镇" + fmt.Sprint(f.doc)}, allow: map[string]int{"admin": 201}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: fmt.Sprintf("/api/v1/admin/townships/%d", e.towns["西山街道"]), body: map[string]any{"office_id": 1}, allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/users", body: map[string]any{"username": fmt.Sprintf("u%d", f.doc), "role": "adviser"}, allow: map[string]int{"admin": 201}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: fmt.Sprintf("/api/v1/admin/users/%d", e.users["adviser"].ID), body: map[string]any{"role": "adviser", "display_name": "陈律师"}, allow: map[string]int{"admin": 200}}
		},
		// Pages answer with the same statuses (anonymous: redirect to login).
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/documents/%d", f.doc), allow: read}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/documents/%d/versions/%d/file", f.doc, f.version), allow: read}
		},
		func(f fixture) rc {
			return rc{doc: true, method: "GET", path: fmt.Sprintf("/reviews/%d", f.review), allow: read}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/documents/new", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/queue", allow: map[string]int{"reviewer": 200, "reviewer2": 200}}
		},
		func(f fixture) rc { return rc{method: "GET", path: "/admin", allow: map[string]int{"admin": 200}} },
		func(f fixture) rc {
			return rc{method: "GET", path: "/admin/audit", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/search?q=罚款", allow: map[string]int{"clerk": 200, "clerk2": 200, "clerk3": 200, "reviewer": 200, "reviewer2": 200, "adviser": 200, "bureau": 200}}
		},
		// Statistics, the register and the report (issue 16): read-only,
		// for reviewers, the bureau and the administrator.
		func(f fixture) rc { return rc{method: "GET", path: "/api/v1/stats", allow: statsReaders} },
		func(f fixture) rc { return rc{method: "GET", path: "/stats?year=2026", allow: statsReaders} },
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/stats/documents?fig=received", allow: statsReaders}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/stats/documents?fig=opinions", allow: statsReaders}
		},
		func(f fixture) rc { return rc{method: "GET", path: "/api/v1/register", allow: statsReaders} },
		func(f fixture) rc { return rc{method: "GET", path: "/register?q=村规民约", allow: statsReaders} },
		func(f fixture) rc { return rc{method: "GET", path: "/register/export?format=csv", allow: statsReaders} },
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/register/export?format=xlsx", allow: statsReaders}
		},
		func(f fixture) rc { return rc{method: "GET", path: "/report", allow: statsReaders} },
		func(f fixture) rc { return rc{method: "GET", path: "/report/file?format=xlsx", allow: statsReaders} },
		func(f fixture) rc { return rc{method: "GET", path: "/api/v1/report?format=docx", allow: statsReaders} },
		func(f fixture) rc {
			// An issued opinion that does not exist: 404 for readers of
			// opinions, 403 for the administrator (who reads none) and
			// everyone else.
			return rc{method: "GET", path: "/register/999999/opinion", allow: map[string]int{"reviewer": 404, "reviewer2": 404, "bureau": 404}}
		},
		func(f fixture) rc {
			return rc{method: "GET", path: "/api/v1/admin/bureaus", allow: map[string]int{"admin": 200}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/bureaus", body: map[string]any{"name": fmt.Sprintf("新司法局%d", f.doc), "office_ids": []int64{1}}, allow: map[string]int{"admin": 201}}
		},
		func(f fixture) rc {
			return rc{method: "POST", path: "/api/v1/admin/bureaus/1", body: map[string]any{"office_ids": []int64{1}}, allow: map[string]int{"admin": 200}}
		},
	}
	clients := map[string]*client{"": e.anon()}
	for _, r := range allRoles[1:] {
		clients[r] = e.login(r)
	}
	for i, mk := range cases {
		f := e.fixture()
		c := mk(f)
		t.Run(fmt.Sprintf("%02d %s %s", i, c.method, c.path), func(t *testing.T) {
			// Refused roles first, so that a state-changing route is still
			// in its initial state when the allowed role calls it.
			order := []string{}
			for _, r := range allRoles {
				if _, ok := c.allow[r]; !ok {
					order = append(order, r)
				}
			}
			for _, r := range allRoles {
				if _, ok := c.allow[r]; ok {
					order = append(order, r)
				}
			}
			for _, role := range order {
				want, ok := c.allow[role]
				if !ok {
					want = http.StatusForbidden
					gated := c.gate != nil && !slices.Contains(c.gate, role)
					if c.doc && !readers[role] && !gated {
						want = http.StatusNotFound
					}
					if role == "" {
						want = http.StatusUnauthorized
						if c.path[:5] != "/api/" {
							want = http.StatusSeeOther
						}
					}
				}
				cl := clients[role]
				var got int
				var body map[string]any
				if c.upload {
					got = cl.upload(c.path, "草案.txt", []byte(villageRules), nil, &body)
				} else {
					got = cl.do(c.method, c.path, c.body, &body)
				}
				if got != want {
					t.Errorf("as %q: status %d, want %d (%v)", role, got, want, body)
				}
				if got >= 400 && c.path[:5] == "/api/" {
					if msg, _ := body["error"].(string); msg == "" {
						t.Errorf("as %q: error answer without a Chinese message: %v", role, body)
					}
				}
			}
		})
	}
}

// An adviser reads and comments only once a reviewer assigned the review.
func TestAdviserAssignment(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	adv := e.login("adviser")
	path := fmt.Sprintf("/api/v1/reviews/%d", f.review)
	if st := adv.do("GET", path, nil, nil); st != http.StatusNotFound {
		t.Fatalf("unassigned adviser: %d, want 404 (as if there were no such review)", st)
	}
	rev := e.login("reviewer")
	if st := rev.do("POST", path+"/advisers", map[string]any{"user_id": e.users["adviser"].ID}, nil); st != http.StatusOK {
		t.Fatalf("assign: %d", st)
	}
	if st := adv.do("GET", path, nil, nil); st != http.StatusOK {
		t.Fatalf("assigned adviser read: %d", st)
	}
	if st := adv.do("POST", path+"/comments", map[string]any{"body": "第二条限制信访，建议删除。", "finding_id": f.finding}, nil); st != http.StatusCreated {
		t.Fatalf("assigned adviser comment: %d", st)
	}
	// Still no decisions for an adviser.
	if st := adv.do("POST", fmt.Sprintf("%s/findings/%d", path, f.finding), map[string]any{"action": "accept"}, nil); st != http.StatusForbidden {
		t.Fatalf("adviser decides: %d, want 403", st)
	}
	var docs struct {
		Documents []map[string]any `json:"documents"`
	}
	adv.do("GET", "/api/v1/documents", nil, &docs)
	if len(docs.Documents) != 1 {
		t.Fatalf("adviser sees %d documents, want the 1 assigned", len(docs.Documents))
	}
	// Removing the assignment removes access.
	if st := rev.do("POST", path+"/advisers", map[string]any{"user_id": e.users["adviser"].ID, "remove": true}, nil); st != http.StatusOK {
		t.Fatalf("unassign: %d", st)
	}
	if st := adv.do("GET", path, nil, nil); st != http.StatusNotFound {
		t.Fatalf("unassigned again: %d, want 404", st)
	}
}

// Every route the router knows, including ones added later by other
// features, refuses anonymous callers; state-changing ones also refuse a
// logged-in caller without the CSRF token.
func TestEveryRouteGuarded(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	public := map[string]bool{"GET /login": true, "POST /login": true, "GET /healthz": true, "POST /api/v1/session": true,
		"GET /static/*filepath": true, "HEAD /static/*filepath": true}
	anon := e.anon()
	clerk := e.login("clerk")
	for _, r := range e.srv.router.Routes() {
		key := r.Method + " " + r.Path
		if public[key] {
			continue
		}
		path := strings.NewReplacer(":id", fmt.Sprint(f.review), ":fid", fmt.Sprint(f.finding), ":vid", fmt.Sprint(f.version), ":uid", "1", ":tid", "1", ":oid", "1", ":pid", "x", ":bid", "1").Replace(r.Path)
		want := http.StatusUnauthorized
		if !strings.HasPrefix(path, "/api/") {
			want = http.StatusSeeOther
		}
		if st := anon.do(r.Method, path, nil, nil); st != want {
			t.Errorf("anonymous %s: %d, want %d", key, st, want)
		}
		if r.Method == "POST" || r.Method == "DELETE" {
			saved := clerk.csrf
			clerk.csrf = ""
			if st := clerk.do(r.Method, path, map[string]any{}, nil); st != http.StatusForbidden {
				t.Errorf("%s without CSRF token: %d, want 403", key, st)
			}
			clerk.csrf = saved
		}
	}
}

// Moving a township to another office moves its documents to that
// office's reviewers.
func TestMoveTownship(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	path := fmt.Sprintf("/api/v1/reviews/%d", f.review)
	if st := e.login("reviewer2").do("GET", path, nil, nil); st != http.StatusNotFound {
		t.Fatalf("other office before the move: %d", st)
	}
	offices, _ := e.store.ListOffices(t.Context())
	if st := e.login("admin").do("POST", fmt.Sprintf("/api/v1/admin/townships/%d", e.towns["东湖镇"]), map[string]any{"office_id": offices[1].ID}, nil); st != 200 {
		t.Fatalf("move: %d", st)
	}
	if st := e.login("reviewer2").do("GET", path, nil, nil); st != http.StatusOK {
		t.Errorf("new office after the move: %d", st)
	}
	if st := e.login("reviewer").do("GET", path, nil, nil); st != http.StatusNotFound {
		t.Errorf("old office after the move: %d", st)
	}
	if st := e.login("admin").do("POST", fmt.Sprintf("/api/v1/admin/townships/%d", e.towns["东湖镇"]), map[string]any{"office_id": 999}, nil); st != http.StatusBadRequest {
		t.Errorf("move to a missing office: %d", st)
	}
}
