package web

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"lawreview/index"
)

// The search's answer, written through a kept buffer, is c.JSON's to the
// byte: headers, escaping and no trailing newline.
func TestPooledJSONIsCJSON(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{}
	for _, c := range []struct {
		name string
		v    any
	}{
		{"hits", &index.Result{Total: 2, Hits: []index.Hit{{ID: "a/1", Law: "中华人民共和国行政处罚法", Article: "第十六条", Text: "除法律、行政法规外，其他规范性文件不得设定行政处罚。", Score: 1.5}}}},
		{"escaped", map[string]any{"q": "<b>罚款</b> & \u2028 \"引号\"", "n": []int{1, 2}}},
		{"no hits", &index.Result{}},
		{"null", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := httptest.NewRecorder()
			wc, _ := gin.CreateTestContext(want)
			wc.JSON(200, c.v)
			got := httptest.NewRecorder()
			for range 2 { // the second through a buffer used before
				got = httptest.NewRecorder()
				gc, _ := gin.CreateTestContext(got)
				s.pooledJSON(gc, 200, c.v)
			}
			if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
				t.Errorf("body\n got %q\nwant %q", got.Body.String(), want.Body.String())
			}
			if g, w := got.Header().Get("Content-Type"), want.Header().Get("Content-Type"); g != w || got.Code != want.Code {
				t.Errorf("content type %q, code %d; want %q, %d", g, got.Code, w, want.Code)
			}
		})
	}
}
