"""匠心 Jiangxin: the paperwork of an employee-innovation programme, from an inbox folder."""

__version__ = "0.1.0"
