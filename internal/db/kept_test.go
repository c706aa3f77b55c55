package db

import "testing"

func TestKeptServesOnlyItsRevision(t *testing.T) {
	var k Kept[string]
	if _, ok := k.Get(0); ok {
		t.Fatal("an empty Kept served a value")
	}
	k.Put(5, "five")
	if v, ok := k.Get(5); !ok || v != "five" {
		t.Fatalf("Get(5) = %q, %v", v, ok)
	}
	if _, ok := k.Get(6); ok {
		t.Fatal("served at another revision")
	}
	k.Put(4, "four") // read before a newer one was kept
	if v, _ := k.Get(5); v != "five" {
		t.Fatalf("an older revision replaced a newer one: %q", v)
	}
	k.Put(6, "six")
	if v, ok := k.Get(6); !ok || v != "six" {
		t.Fatalf("Get(6) = %q, %v", v, ok)
	}
}

func TestKeptMapStartsAfreshAtANewRevisionAndAtItsBound(t *testing.T) {
	k := KeptMap[string, int]{Max: 2}
	k.Put(1, "a", 1)
	k.Put(1, "b", 2)
	if v, ok := k.Get(1, "b"); !ok || v != 2 {
		t.Fatalf("Get(1, b) = %d, %v", v, ok)
	}
	k.Put(1, "c", 3) // over the bound: starts afresh
	if _, ok := k.Get(1, "a"); ok {
		t.Fatal("kept past its bound")
	}
	k.Put(2, "d", 4)
	if _, ok := k.Get(1, "c"); ok {
		t.Fatal("served an entry of an older revision")
	}
	if _, ok := k.Get(2, "c"); ok {
		t.Fatal("an entry of an older revision survived a newer one")
	}
	k.Put(1, "e", 5)
	if _, ok := k.Get(1, "e"); ok {
		t.Fatal("kept an entry of an older revision than the map's")
	}
}

func TestKeptMapPeekTellsTheRevision(t *testing.T) {
	var k KeptMap[string, int]
	k.Put(3, "a", 1)
	if v, rev, ok := k.Peek("a"); !ok || v != 1 || rev != 3 {
		t.Fatalf("Peek(a) = %d, %d, %v", v, rev, ok)
	}
	if _, _, ok := k.Peek("b"); ok {
		t.Fatal("Peek found a key never put")
	}
}
