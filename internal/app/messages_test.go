package app_test

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/net/html"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// Every form says beside a field left empty what to enter there, in the
// field's own words ("Ievadiet iesnieguma tematu"), never the general
// "Aizpildiet šo lauku." or "Izvēlieties kādu no piedāvātajām vērtībām."
// (a handler reads its form with .Messages("<area>.<form>") and the
// catalogue has the field's <field>_required and _invalid). Each POST
// route is posted, as the first role that may use it, as a browser posts
// its form with nothing typed or chosen: the route test's sample (a
// record's id) and the form's hidden fields (its version, its
// idempotency key), found on the page that shows the form. The refusal
// that comes back must name its fields.
func TestEmptyFormsNameTheirFields(t *testing.T) {
	srv := apptest.New(t)
	samples := map[string][]apptest.RouteSample{}
	for _, area := range append(slices.Clone(routeSamples), formSamples...) {
		for _, s := range area(t, srv.Pool) {
			samples[s.Pattern] = append(samples[s.Pattern], s)
		}
	}
	var general []string
	for _, lang := range []string{"lv", "en"} {
		ctx := i18n.WithLocale(context.Background(), lang)
		for _, key := range []string{"field.required", "field.invalid_choice"} {
			general = append(general, i18n.T(ctx, key))
		}
	}
	var refused int
	for _, rt := range srv.App.Routes() {
		if rt.Method != http.MethodPost {
			continue
		}
		if why, ok := notPostedEmpty[rt.Pattern]; ok {
			if why == "" {
				t.Errorf("%s: listed as not posted empty without a reason", rt.Pattern)
			}
			continue
		}
		cases := samples[rt.Pattern]
		if len(cases) == 0 {
			if param.MatchString(rt.Pattern) {
				continue // the route test says so
			}
			cases = []apptest.RouteSample{{Pattern: rt.Pattern, Path: rt.Pattern}}
		}
		for _, c := range cases {
			client, who := formClient(t, srv, rt, c)
			if client == nil {
				t.Errorf("%s: no demo account may post it", c.Path)
				continue
			}
			res := postEmpty(t, srv, client, c)
			if res.StatusCode == http.StatusUnprocessableEntity {
				refused++
			}
			for _, g := range general {
				if !strings.Contains(res.Body, g) {
					continue
				}
				var fields []string
				for _, m := range summaryLink.FindAllStringSubmatch(res.Body, -1) {
					if html.UnescapeString(m[2]) == g {
						fields = append(fields, m[1])
					}
				}
				t.Errorf("POST %s as %s (%d): %v say %q; say what to enter in the field's own words (<prefix>.<field>_required or _invalid in both catalogues, the form read with .Messages)",
					c.Path, who, res.StatusCode, fields, g)
			}
		}
	}
	if refused < 40 {
		t.Errorf("only %d empty forms were refused (422): the test posts fewer than it should", refused)
	}
	t.Logf("%d empty forms refused", refused)
}

// summaryLink is an entry of the error summary: the field and its message.
var summaryLink = regexp.MustCompile(`<li><a href="#([^"]+)">([^<]*)</a></li>`)

// formSamples are forms the route test's samples do not reach: the steps
// of a submission are one route, /petitions/{id}/{action}, and an
// import's forms need a file staged by the one who posts them.
var formSamples = []func(testing.TB, *pgxpool.Pool) []apptest.RouteSample{
	petitionstest.StepSamples,
	importSamples,
}

// importSamples stage a file for the head (the first role that keeps the
// directory) and post its confirmation and mapping with its token alone.
func importSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	pf, err := contacts.ParseImport("tukss.csv", []byte("Vārds;Uzvārds\nJānis;Tukšais\n"))
	if err != nil {
		t.Fatal(err)
	}
	var head int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = 'head'`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	token, err := contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now}).Stage(context.Background(), head, "tukss.csv", pf)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"t": {token}}
	return []apptest.RouteSample{
		{Pattern: "/contacts/import/confirm", Path: "/contacts/import/confirm", Form: form},
		{Pattern: "/contacts/import/mapping", Path: "/contacts/import/mapping", Form: form},
	}
}

// notPostedEmpty are the POST routes this test leaves out, and why.
var notPostedEmpty = map[string]string{
	"/admin/calendar/follow":   "a setting of the whole calendar: a box left unticked is a setting saved, not a field missing",
	"/admin/calendar/no-order": "a setting of the whole calendar: a box left unticked is a setting saved, not a field missing",
}

// formClient is the client of the first role (in auth's order) that may
// post rt with c, or an anonymous one for a public route.
func formClient(t *testing.T, srv *apptest.Server, rt auth.Route, c apptest.RouteSample) (*apptest.Client, string) {
	if rt.Perm == auth.Public {
		return srv.Anonymous(t), "anonymous"
	}
	for _, role := range auth.Roles {
		acc, ok := accountOf(role)
		if ok && auth.Can(acc.Roles, rt.Perm) && !slices.Contains(c.Refused, acc.Username) {
			return srv.Client(t, acc.Username), acc.Username
		}
	}
	return nil, ""
}

// postEmpty posts c's form as a browser would with nothing filled in: the
// sample's fields and the hidden ones of the form that posts to c.Path,
// found on c.Path, the page above it or its "new" page, as multipart when
// the form is. A form of buttons only (no field to fill in) is posted with
// the sample's fields alone, as the route test does: with its version it
// would be done.
func postEmpty(t *testing.T, srv *apptest.Server, client *apptest.Client, c apptest.RouteSample) *apptest.Response {
	t.Helper()
	target, _, _ := strings.Cut(c.Path, "?")
	vals := url.Values{}
	for k, v := range c.Form {
		vals[k] = v
	}
	multi := false
	for _, page := range []string{c.Path, path.Dir(target), target + "/new"} {
		res := client.Get(t, page)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		hidden, enctype, ok := formPosting(res.Body, target, page)
		if !ok {
			continue
		}
		for k, v := range hidden {
			if _, set := vals[k]; !set {
				vals[k] = v
			}
		}
		multi = enctype == "multipart/form-data"
		break
	}
	if !multi {
		return client.PostForm(t, c.Path, vals)
	}
	return client.PostMultipart(t, c.Path, vals)
}

// formPosting finds on page (at address at) the post form whose action is
// target and that has a field to fill in, and gives its hidden fields and
// its enctype.
func formPosting(page, target, at string) (hidden url.Values, enctype string, ok bool) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, "", false
	}
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			a := attrs(n)
			action, _, _ := strings.Cut(a["action"], "?")
			if a["action"] == "" {
				action, _, _ = strings.Cut(at, "?")
			}
			if strings.EqualFold(a["method"], "post") && action == target && hasField(n) {
				found = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return nil, "", false
	}
	hidden = url.Values{}
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" {
			if a := attrs(n); strings.EqualFold(a["type"], "hidden") && a["name"] != "" {
				hidden.Add(a["name"], a["value"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(found)
	return hidden, strings.ToLower(attrs(found)["enctype"]), true
}

// hasField tells whether form n has a field a person fills in.
func hasField(n *html.Node) bool {
	if n.Type == html.ElementNode {
		switch n.Data {
		case "select", "textarea":
			return true
		case "input":
			switch strings.ToLower(attrs(n)["type"]) {
			case "hidden", "submit", "button", "reset", "image":
			default:
				return true
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasField(c) {
			return true
		}
	}
	return false
}
