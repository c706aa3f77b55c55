package petitions_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

func TestSchemeAddEditAndStaleVersion(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "staff")
	ctx := context.Background()
	taken := petitionstest.Case(t, srv.Pool, petitionstest.CaseSpec{})
	if res := c.Get(t, "/petitions/scheme"); res.StatusCode != 200 || !strings.Contains(res.Body, ">"+taken.CaseIndex+"<") {
		t.Fatalf("scheme page: %d", res.StatusCode)
	}
	res := c.PostForm(t, "/petitions/scheme", url.Values{"id": {"0"}, "version": {"0"}, "case_index": {"9-99"},
		"title": {"Pārbaudes lieta"}, "retention_kind": {"permanent"}, "active": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, regErrors(res.Body))
	}
	id := regID(t, srv, `select id from doc_cases where case_index = '9-99' and retention_years is null`)
	edit := url.Values{"id": {strconv.FormatInt(id, 10)}, "version": {"1"}, "case_index": {"9-99"},
		"title": {"Pārbaudes lieta, labota"}, "retention_kind": {"years"}, "retention_years": {"10"}, "active": {"on"}}
	if res := c.PostForm(t, "/petitions/scheme", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, regErrors(res.Body))
	}
	edit.Set("title", "Novecojusi versija")
	if res := c.PostForm(t, "/petitions/scheme", edit); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "Kāds cits jau ir mainījis") || !strings.Contains(res.Body, `value="Novecojusi versija"`) {
		t.Errorf("stale edit: %d, or the form is not shown as typed under the conflict", res.StatusCode)
	}
	var title string
	var years int
	srv.Pool.QueryRow(ctx, `select title, retention_years from doc_cases where id = $1`, id).Scan(&title, &years)
	if title != "Pārbaudes lieta, labota" || years != 10 {
		t.Errorf("case now %q, %d years", title, years)
	}
	for name, f := range map[string]url.Values{
		"taken index": {"id": {"0"}, "version": {"0"}, "case_index": {taken.CaseIndex}, "title": {"X"}, "retention_kind": {"years"}, "retention_years": {"5"}},
		"bad index":   {"id": {"0"}, "version": {"0"}, "case_index": {"a b"}, "title": {"X"}, "retention_kind": {"years"}, "retention_years": {"5"}},
		"no years":    {"id": {"0"}, "version": {"0"}, "case_index": {"9-98"}, "title": {"X"}, "retention_kind": {"years"}},
		"no title":    {"id": {"0"}, "version": {"0"}, "case_index": {"9-97"}, "retention_kind": {"permanent"}},
	} {
		if res := c.PostForm(t, "/petitions/scheme", f); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, res.StatusCode)
		}
	}
}

func TestRulesAddAndRefuse(t *testing.T) {
	srv := server(t)
	c := srv.Client(t, "head")
	if res := c.Get(t, "/petitions/rules"); res.StatusCode != 200 || !strings.Contains(res.Body, "desmit darbdienas") {
		t.Fatalf("rules page: %d", res.StatusCode)
	}
	ok := url.Values{"kind": {"forward"}, "valid_from": {"2030-01-01"}, "amount": {"3"}, "unit": {"working_days"},
		"basis_lv": {"Iedomāti grozījumi"}, "basis_en": {"Imagined amendment"}}
	if res := c.PostForm(t, "/petitions/rules", ok); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, regErrors(res.Body))
	}
	if res := c.PostForm(t, "/petitions/rules", ok); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="valid_from-error"`) {
		t.Errorf("duplicate: %d", res.StatusCode)
	}
	bad := url.Values{"kind": {"answer"}, "valid_from": {"soon"}, "amount": {"0"}, "unit": {"weeks"}}
	res := c.PostForm(t, "/petitions/rules", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad: %d", res.StatusCode)
	}
	for _, f := range []string{"valid_from", "amount", "unit", "basis_lv", "basis_en"} {
		if !strings.Contains(res.Body, `id="`+f+`-error"`) {
			t.Errorf("no error beside %s", f)
		}
	}
}
