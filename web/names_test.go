package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
	"testing"
)

// Issue 14, defect 10: a NUL in an uploaded file's name got "不支持的文件
// 类型", which sends the clerk looking at the wrong thing. Names with
// control or invisible characters, or too long to store, are refused with
// what is wrong; a Windows path keeps its last element.
func TestUploadFileNames(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	cases := []struct {
		name string
		want int
		msg  string
	}{
		{"草案\x00.txt", http.StatusBadRequest, "控制字符"},
		{"草案\r\n.txt", http.StatusBadRequest, "控制字符"},
		{"\u202Etxt.exe", http.StatusBadRequest, "不可见字符"},
		{strings.Repeat("长", 100) + ".txt", http.StatusBadRequest, "文件名过长"},
		{`C:\Users\张敏\草案.txt`, http.StatusCreated, ""},
	}
	for _, c := range cases {
		before := e.snapshot()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("meeting_date", "2030-01-01")
		h := textproto.MIMEHeader{}
		// RFC 5987, so that every character reaches the server as it is.
		h.Set("Content-Disposition", `form-data; name="file"; filename*=UTF-8''`+rfc5987(c.name))
		w, _ := mw.CreatePart(h)
		w.Write([]byte(villageRules))
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/documents", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set(csrfHeader, clerk.csrf)
		var body map[string]any
		st := clerk.send(req, &body)
		if st != c.want {
			t.Errorf("%q: %d %v, want %d", c.name, st, body, c.want)
			continue
		}
		if c.msg != "" {
			if msg, _ := body["error"].(string); !strings.Contains(msg, c.msg) {
				t.Errorf("%q: message %q, want one about %s", c.name, msg, c.msg)
			}
			if !reflect.DeepEqual(before, e.snapshot()) {
				t.Errorf("%q: refused but stored", c.name)
			}
		}
	}
	var docs struct {
		Documents []map[string]any `json:"documents"`
	}
	clerk.do("GET", "/api/v1/documents", nil, &docs)
	if len(docs.Documents) != 1 {
		t.Fatalf("%d documents", len(docs.Documents))
	}
	var doc struct {
		Versions []map[string]any `json:"versions"`
	}
	clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d", int64(docs.Documents[0]["id"].(float64))), nil, &doc)
	if len(doc.Versions) != 1 || doc.Versions[0]["file_name"] != "草案.txt" {
		t.Errorf("stored name %v", doc.Versions)
	}
}
