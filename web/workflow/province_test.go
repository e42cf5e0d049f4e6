package workflow

import (
	"context"
	"testing"

	"lawreview/web/storage"
)

// TestUserProvinceReadWithUser: the province read with the user
// (storage.User.Province) gives what looking the office up gives, for
// each kind of user, with and without a province set and a default.
func TestUserProvinceReadWithUser(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	offices, err := env.st.ListOffices(ctx)
	if err != nil || len(offices) == 0 {
		t.Fatalf("offices %v, %v", offices, err)
	}
	for _, set := range []struct{ office, default_ string }{{"", ""}, {"", "北京"}, {"浙江", ""}, {"浙江", "北京"}} {
		if err := env.st.SetOfficeProvince(ctx, offices[0].ID, set.office); err != nil {
			t.Fatal(err)
		}
		env.s.Province = set.default_
		for _, u := range []*storage.User{env.clerk, env.reviewer, env.other, env.adviser} {
			read, err := env.st.User(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !read.ProvinceRead {
				t.Fatalf("%s: province not read with the user", u.Username)
			}
			got, err := env.s.UserProvince(ctx, read)
			if err != nil {
				t.Fatal(err)
			}
			looked := *read
			looked.Province, looked.ProvinceRead = "", false
			want, err := env.s.UserProvince(ctx, &looked)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("office %q, default %q, %s: read with the user %q, looked up %q", set.office, set.default_, u.Username, got, want)
			}
		}
	}
}
