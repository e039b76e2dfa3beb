"""Opening pygame's display on a freshly started X server."""


def init_x11_display(attempts: int = 10) -> None:
    """(Re)start pygame's display on the x11 driver; a freshly started Xvfb can refuse the first connection."""
    import time

    import pygame

    for attempt in range(attempts):
        pygame.display.quit()
        try:
            pygame.display.init()
            return
        except pygame.error:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)
