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
