"""`convenantgen serve`: a thin command over :mod:`convenantgen.serve`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from convenantgen.i18n import _


@click.command("serve")
@click.argument("covenant", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def serve_command(covenant: Path, port: int, open_browser: bool) -> None:
    """Show COVENANT in the browser on http://127.0.0.1:PORT/, drawn again on every save.

    The page shows the covenant as the HTML build makes it, with every finding of check in a
    list at the top and at the article it concerns; while the file cannot be drawn (a YAML or
    schema error) the page shows the findings alone. It reloads itself when the file changes.
    Only this computer can reach the server. Ctrl+C stops it.

    \b
    Examples:
      convenantgen serve convenants/gooi-en-vechtstreek-2015.yaml
      convenantgen serve mijn-regio-2027.yaml --port 8080 --open
    """
    from convenantgen.serve import make_server

    try:
        server = make_server(covenant, port)
    except OSError as exc:
        message = _("cannot listen on 127.0.0.1:{port}: {error}").format(port=port, error=exc.strerror or exc)
        click.echo(message, err=True)
        click.echo(
            _("    hint: another program uses this port; choose another with --port, or --port 0"), err=True
        )
        sys.exit(1)
    shown = _("showing {path} on {url} (Ctrl+C stops)").format(path=covenant, url=server.url)
    click.echo(shown, err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(_("stopped"), err=True)
    finally:
        server.server_close()
