FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 1000 qaf
# Pango (and its fonts) for WeasyPrint: the assurance reports' PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
USER qaf
EXPOSE 8000
# Two workers, access log without survey tokens: see gunicorn.conf.py.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "qaf.wsgi:application"]
