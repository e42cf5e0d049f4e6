package memo

import "testing"

func TestMapLimit(t *testing.T) {
	var m Map[int, string]
	m.Limit = 2
	m.Put(1, "一")
	m.Put(2, "二")
	if v, ok := m.Get(2); !ok || v != "二" {
		t.Fatalf("Get(2) = %q, %v", v, ok)
	}
	m.Put(3, "三") // full: emptied first
	if _, ok := m.Get(1); ok {
		t.Error("a full map kept its old entries")
	}
	if v, ok := m.Get(3); !ok || v != "三" {
		t.Errorf("Get(3) = %q, %v", v, ok)
	}
	var d Map[int, int] // zero value: DefaultLimit
	for i := range DefaultLimit {
		d.Put(i, i)
	}
	if _, ok := d.Get(0); !ok {
		t.Error("the zero value emptied itself before DefaultLimit entries")
	}
}
