package components

import (
	"context"
	"strings"
	"testing"
)

func TestBadgeEscapes(t *testing.T) {
	var b strings.Builder
	if err := Badge(`warn" onclick="x`, `<b>Nokavēts</b> & `).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	want := `<span class="badge warn&#34; onclick=&#34;x">&lt;b&gt;Nokavēts&lt;/b&gt; &amp; </span>`
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}

// A column a narrow screen can do without says so on its header; the
// others carry no class.
func TestTableMarksWideColumns(t *testing.T) {
	var b strings.Builder
	spec := TableSpec{Caption: "Relīzes", Rows: 1, Columns: []Column{{Label: "Virsraksts"}, {Label: "Autors", Wide: true}}}
	if err := Table(spec).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<th scope="col">Virsraksts</th>`) || !strings.Contains(b.String(), `<th scope="col" class="wide-only">Autors</th>`) {
		t.Errorf("headers: %s", b.String())
	}
}
