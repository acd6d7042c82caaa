//! `inkstone new site DIR`: a folder ready to write in and to publish, with nothing to configure.

use std::io;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ntitle = \"My New Site\"\nlanguageCode = \"en\"\n\n[params]\ndescription = \"A site built with inkstone.\"\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: \"My New Site\"\n---\n\nWelcome! Edit `content/_index.md` to change this text.\n",
    ),
    (
        "content/posts/hello-world.md",
        "---\ntitle: \"Hello, World\"\ndate: 2024-01-01\ntags: [\"first\"]\n---\n\nThis is your first post. Start a new one with `inkstone new content posts/my-next-post.md`:\nit is a draft (`draft: true`) until you remove that line, and `inkstone serve -D` shows drafts\nwhile you write.\n",
    ),
    (
        "archetypes/default.md",
        "---\ntitle: \"{{ replace .File.ContentBaseName \"-\" \" \" | title }}\"\ndate: {{ .Date }}\ndraft: true\n---\n\n",
    ),
    (".github/workflows/pages.yml", PAGES_WORKFLOW),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
    (".gitignore", "/public/\n/.inkstone-cache/\n"),
];

/// Builds the site on every push to `main` and publishes it with GitHub Pages (Settings → Pages →
/// Source: GitHub Actions). The base URL is the one Pages gives the repository.
const PAGES_WORKFLOW: &str = r#"name: Publish with GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@v5
      - name: Cache inkstone
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/inkstone
          key: inkstone-${{ runner.os }}-v1
      - name: Install inkstone
        run: command -v inkstone || cargo install --locked inkstone
      - name: Build
        run: inkstone build --minify --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> io::Result<()> {
    let occupied = dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists and is not empty", dir.display()),
        ));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
